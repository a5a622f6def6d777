#!/usr/bin/env python3
"""Deterministic synthetic corpus of Workato connectors for connlint benchmarks.

Writes connectors of realistic shape (connection, actions, triggers, methods, object
definitions with schemas, pick lists, sample output; most 10-100 KB, some 500 KB-1 MB)
plus plain Ruby helper files, until the requested size is reached. Planted secrets are
assembled here from fragments at run time, so this file holds no credential-shaped text.

    python3 benches/gen_corpus.py --out target/corpus --mb 15 --seed 7
    python3 benches/gen_corpus.py --single 50 --out target/one   # one ~50 KB connector
    python3 benches/gen_corpus.py --package 100 --out target/pkg   # a recipe package + its zip
"""
import argparse
import json
import os
import random
import zipfile

WORDS = ("account contact deal invoice ticket order shipment project task user team "
         "comment attachment note product price quote campaign lead event report").split()
VERBS = ("create update get search delete list upsert archive".split())
TYPES = ["string", "integer", "number", "boolean", "date", "date_time", "timestamp"]
CONTROLS = ["text", "text-area", "select", "checkbox", "number", "url", "email"]


def fake(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


HEX = "0123456789abcdef"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def planted_secret(rng):
    """A credential-shaped literal in a position a reviewer would reject, in valid Ruby."""
    kind = rng.randrange(5)
    if kind == 0:
        return "auth = { client_secret: '%s' }" % fake(rng, ALNUM, 40)
    if kind == 1:
        return "headers('Authorization' => 'Bearer %s')" % ("ey" + "J" + fake(rng, ALNUM, 30) + "." + fake(rng, ALNUM, 40) + "." + fake(rng, ALNUM, 20))
    if kind == 2:
        return "params(api_key: '%s')" % ("sk" + "_live_" + fake(rng, ALNUM, 24))
    if kind == 3:
        return "# token: %s" % ("gh" + "p_" + fake(rng, ALNUM, 36))
    return "auth = { client_id: 'YOUR_CLIENT_ID' }"


def field(rng, name, depth=0):
    parts = ["name: '%s'" % name, "label: '%s'" % name.replace("_", " ").capitalize()]
    if rng.random() < 0.6:
        parts.append("hint: 'The %s of the record; see the API docs for the format.'" % name.replace("_", " "))
    r = rng.random()
    if depth < 2 and r < 0.08:
        props = ", ".join("{ %s }" % field(rng, rng.choice(WORDS) + "_%d" % i, depth + 1) for i in range(rng.randint(2, 5)))
        parts.append("type: 'object', properties: [%s]" % props)
    elif r < 0.2:
        parts.append("control_type: 'select', pick_list: '%s_types'" % rng.choice(WORDS))
    else:
        parts.append("type: '%s'" % rng.choice(TYPES))
        if rng.random() < 0.3:
            parts.append("control_type: '%s'" % rng.choice(CONTROLS))
    if rng.random() < 0.5:
        parts.append("optional: %s" % ("true" if rng.random() < 0.7 else "false"))
    return ", ".join(parts)


def schema(rng, indent, n):
    pad = " " * indent
    return ",\n".join(pad + "{ %s }" % field(rng, "%s_%d" % (rng.choice(WORDS), i)) for i in range(n))


def action(rng, name, noun, secrets):
    verb = name.split("_")[0]
    planted = ""
    if secrets and rng.random() < 0.02:
        planted = "\n        " + planted_secret(rng)
    return f"""    {name}: {{
      title: '{verb.capitalize()} {noun}',
      subtitle: '{verb.capitalize()} a {noun} in Acme',
      description: "{verb.capitalize()} <span class='provider'>{noun}</span> in <span class='provider'>Acme</span>",
      help: {{
        body: 'This action will {verb} a {noun}. Fields marked required must be filled.',
        learn_more_url: 'https://docs.acme.example/api/{noun}s#{verb}',
        learn_more_text: '{noun.capitalize()} API'
      }},
      input_fields: lambda do |object_definitions|
        [
{schema(rng, 10, rng.randint(3, 12))}
        ].concat(object_definitions['{noun}'])
      end,
      execute: lambda do |connection, input|{planted}
        payload = call(:build_payload, input)
        response = {'post' if verb in ('create', 'upsert') else 'get'}("{noun}s", payload)
          .after_error_response(/.*/) do |_code, body, _header, message|
            error("#{{message}}: #{{body}}")
          end
        response['data'] || response
      end,
      output_fields: lambda do |object_definitions|
        object_definitions['{noun}']
      end,
      sample_output: lambda do |_connection, _input|
        {{ id: {rng.randint(1, 99999)}, name: 'Sample {noun}', created_at: '2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z' }}
      end
    }}"""


def trigger(rng, name, noun):
    return f"""    {name}: {{
      title: 'New {noun}',
      description: "New <span class='provider'>{noun}</span> in <span class='provider'>Acme</span>",
      help: 'Triggers when a {noun} is created. Checks every poll interval.',
      input_fields: lambda do |_object_definitions|
        [{{ name: 'since', type: 'timestamp', label: 'When first started, this recipe should pick up events from', sticky: true, hint: 'Leave empty for one hour ago' }}]
      end,
      poll: lambda do |_connection, input, closure|
        since = closure || input['since'] || 1.hour.ago
        records = get('{noun}s', updated_after: since.to_time.utc.iso8601, limit: 100)['data']
        {{ events: records, next_poll: records.last&.dig('updated_at') || since, can_poll_more: records.size == 100 }}
      end,
      dedup: lambda do |record|
        "#{{record['id']}}@#{{record['updated_at']}}"
      end,
      output_fields: lambda do |object_definitions|
        object_definitions['{noun}']
      end
    }}"""


def connector(rng, target_bytes, secrets):
    nouns = WORDS[:]
    rng.shuffle(nouns)
    out = [f"""# frozen_string_literal: true

{{
  title: 'Acme {rng.choice(WORDS).capitalize()} {rng.randint(1, 999)}',

  connection: {{
    fields: [
      {{ name: 'subdomain', label: 'Subdomain', optional: false, hint: 'Your Acme subdomain' }},
      {{ name: 'client_id', label: 'Client ID', optional: false, hint: 'Settings → API' }},
      {{ name: 'client_secret', label: 'Client secret', control_type: 'password', optional: false }}
    ],
    authorization: {{
      type: 'oauth2',
      authorization_url: lambda do |connection|
        "https://#{{connection['subdomain']}}.acme.example/oauth/authorize?client_id=#{{connection['client_id']}}&response_type=code"
      end,
      acquire: lambda do |connection, auth_code, redirect_uri|
        response = post("https://#{{connection['subdomain']}}.acme.example/oauth/token")
                   .payload(client_id: connection['client_id'], client_secret: connection['client_secret'],
                            grant_type: 'authorization_code', code: auth_code, redirect_uri: redirect_uri)
                   .request_format_www_form_urlencoded
        [{{ access_token: response['access_token'], refresh_token: response['refresh_token'] }}, nil, nil]
      end,
      refresh_on: [401],
      apply: lambda do |_connection, access_token|
        headers('Authorization' => "Bearer #{{access_token}}")
      end
    }},
    base_uri: lambda do |connection|
      "https://#{{connection['subdomain']}}.acme.example/api/v2/"
    end
  }},

  test: ->(_connection) {{ get('me') }},

  actions: {{
"""]
    size = sum(len(s) for s in out)
    actions = []
    i = 0
    # Actions take about 70% of the file; the rest is triggers, definitions and methods.
    while size < target_bytes * 0.7 or not actions:
        noun = nouns[i % len(nouns)]
        verb = VERBS[(i // len(nouns)) % len(VERBS)]
        a = action(rng, f"{verb}_{noun}_{i}", noun, secrets)
        actions.append(a)
        size += len(a)
        i += 1
    out.append(",\n\n".join(actions))
    out.append("\n  },\n\n  triggers: {\n")
    triggers = [trigger(rng, f"new_{noun}_{j}", noun) for j, noun in enumerate(nouns[: max(1, i // 8)])]
    out.append(",\n\n".join(triggers))
    out.append("\n  },\n\n  object_definitions: {\n")
    defs = []
    # One definition per noun the actions use: small connectors stay small.
    for noun in nouns[: min(len(nouns), max(2, i))]:
        defs.append(f"""    {noun}: {{
      fields: lambda do |_connection, _config_fields|
        [
{schema(rng, 10, rng.randint(5, 25))}
        ]
      end
    }}""")
    out.append(",\n".join(defs))
    out.append("\n  },\n\n  methods: {\n")
    out.append("""    build_payload: lambda do |input|
      input.reject { |_key, value| value.blank? }
    end,
    format_date: lambda do |value|
      value.present? ? value.to_time.utc.iso8601 : nil
    end""")
    out.append("\n  },\n\n  pick_lists: {\n")
    out.append(",\n".join(f"    {noun}_types: ->(_connection) {{ [%w[Standard standard], %w[Premium premium]] }}" for noun in nouns))
    out.append("\n  }\n}\n")
    return "".join(out)


def helper(rng, target_bytes):
    out = ["# frozen_string_literal: true\n\nmodule AcmeHelpers%d\n" % rng.randint(1, 9999)]
    size = len(out[0])
    n = 0
    while size < target_bytes:
        m = f"""  def self.transform_{n}(records)
    records.map do |record|
      {{
        id: record['id'],
        name: record.fetch('name', '').strip,
        total: record['items'].to_a.sum {{ |item| item['price'].to_f * item['quantity'].to_i }}
      }}
    end
  end

"""
        out.append(m)
        size += len(m)
        n += 1
    out.append("end\n")
    return "".join(out)


def size_for(rng):
    r = rng.random()
    if r < 0.04:
        return rng.randint(500_000, 1_000_000)
    if r < 0.15:
        return rng.randint(2_000, 10_000)
    return int(rng.lognormvariate(10.4, 0.6)) % 90_000 + 10_000


def pill(line, *path):
    return "#{_dp('" + json.dumps({"pill_type": "output", "provider": PROVIDER, "line": line,
                                   "path": list(path)}, separators=(",", ":")) + "')}"


PROVIDER = "synthetic_connector_1001_1700000000"


def step(rng, number, depth):
    """One step of a recipe: an action with datapills, or an if/foreach with a block."""
    noun = rng.choice(WORDS)
    if depth < 3 and rng.random() < 0.25:
        kind = rng.choice(["if", "foreach"])
        block = [step(rng, number * 10 + i, depth + 1) for i in range(rng.randint(1, 3))]
        return {"number": number, "keyword": kind, "uuid": f"{kind}-{number}",
                "input": {"type": "compound", "operand": "and",
                          "conditions": [{"operand": "present", "lhs": pill("trigger", noun, "id"), "rhs": ""}]},
                "block": block}
    return {"number": number, "keyword": "action", "provider": rng.choice([PROVIDER, "logger", "rest"]),
            "name": f"{rng.choice(VERBS)}_{noun}", "as": f"{noun}-{number}", "uuid": f"{noun}-{number}",
            "comment": f"{rng.choice(VERBS).title()} the {noun}",
            "input": {"id": pill("trigger", noun, "id"), "note": f"Synced {noun} " + pill("trigger", "name"),
                      "headers": [{"key": "Accept", "value": "application/json"}]},
            "extended_input_schema": [{"name": "id", "label": "ID", "type": "string", "control_type": "text"}],
            "extended_output_schema": [{"name": n, "label": n.title(), "type": rng.choice(TYPES)}
                                       for n in rng.sample(WORDS, 6)]}


def package(rng, out, recipes):
    """A package export of `recipes` recipes using one custom connector, as a directory
    and as `out.zip` beside it."""
    files = {}
    for r in range(recipes):
        noun = rng.choice(WORDS)
        recipe = {"name": f"Sync {noun}s {r}", "description": f"Copies each new {noun} to the warehouse and logs it.",
                  "version": 1, "private": True, "concurrency": 1,
                  "code": {"number": 0, "keyword": "trigger", "provider": PROVIDER, "name": f"new_{noun}",
                           "as": "trigger", "uuid": "trigger", "input": {},
                           "block": [step(rng, i + 1, 1) for i in range(rng.randint(6, 14))]},
                  "config": [{"keyword": "application", "provider": PROVIDER, "skip_validation": False,
                              "account_id": {"custom": True, "folder": "", "name": "Synthetic account",
                                             "zip_name": "synthetic_account.connection.json"}}]}
        files[f"sync_{r:03d}.recipe.json"] = json.dumps(recipe, indent=2)
    files["synthetic_account.connection.json"] = json.dumps(
        {"name": "Synthetic account", "provider": {"folder": "", "name": "Synthetic",
                                                   "zip_name": "synthetic.custom_adapter.json"}, "root_folder": False})
    files["synthetic.custom_adapter.json"] = json.dumps(
        {"title": "Synthetic", "description": "Synthetic records. Support: https://help.synthetic.io/workato",
         "logo_file_name": None, "logo_content_type": None, "note": "", "version_no": 1})
    files["synthetic.custom_adapter.rb"] = connector(rng, 60_000, False)
    with zipfile.ZipFile(out.rstrip("/") + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in sorted(files.items()):
            with open(os.path.join(out, name), "w") as f:
                f.write(text)
            z.writestr(name, text)
    size = sum(len(t.encode()) for t in files.values())
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {out} and {out.rstrip('/')}.zip")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mb", type=float, default=15.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--single", type=int, metavar="KB", help="write one connector of about KB kilobytes")
    ap.add_argument("--no-secrets", action="store_true", help="plant no secrets or placeholders")
    ap.add_argument("--package", type=int, metavar="RECIPES", help="write a recipe package of RECIPES recipes")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    if args.package:
        package(rng, args.out, args.package)
        return
    if args.single:
        path = os.path.join(args.out, "connector.rb")
        with open(path, "w") as f:
            f.write(connector(rng, args.single * 1000, not args.no_secrets))
        print(path)
        return
    total, n = 0, 0
    budget = int(args.mb * 1_000_000)
    while total < budget:
        if rng.random() < 0.2:
            text = helper(rng, rng.randint(2_000, 30_000))
            name = f"helpers_{n:04d}.rb"
        else:
            text = connector(rng, min(size_for(rng), budget - total + 2_000), not args.no_secrets)
            name = f"connector_{n:04d}.rb"
        sub = os.path.join(args.out, f"c{n // 50:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, name), "w") as f:
            f.write(text)
        total += len(text.encode())
        n += 1
    print(f"{n} files, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
