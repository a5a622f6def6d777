-- Drives `connlint server` from a real Neovim (0.7+, headless) the way a user's editor
-- does: start the client, open a connector project, read diagnostics, edit, save the
-- config, hover, apply a code action. Writes one line per check to $CONNLINT_RESULT.
local bin = os.getenv('CONNLINT_BIN')
local dir = os.getenv('CONNLINT_PROJECT')
local expected = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('CONNLINT_EXPECTED')), '\n'))
local lines_out = {}

local function check(name, ok, detail)
  table.insert(lines_out, (ok and 'ok ' or 'FAIL ') .. name .. (ok and '' or (': ' .. (detail or ''))))
end

local function finish()
  vim.fn.writefile(lines_out, os.getenv('CONNLINT_RESULT'))
  vim.cmd('qa!')
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out[d.code] = (out[d.code] or 0) + 1
  end
  return out
end

local function wait_until(predicate)
  return vim.wait(20000, predicate, 20)
end

local client_id = vim.lsp.start_client({ name = 'connlint', cmd = { bin, 'server' }, root_dir = dir })
check('client starts', client_id ~= nil)
vim.cmd('edit ' .. dir .. '/connector.rb')
local connector = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(connector, client_id)
local readme = vim.uri_to_bufnr(vim.uri_from_fname(dir .. '/README.md'))

-- Code and listing diagnostics appear, at the CLI's positions.
wait_until(function() return #vim.diagnostic.get(connector) > 0 and #vim.diagnostic.get(readme) > 0 end)
local function positions(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, string.format('%s %d:%d', d.code, d.lnum + 1, d.col + 1))
  end
  table.sort(out)
  return table.concat(out, ', ')
end
local function cli_positions(name)
  local out = {}
  for _, d in ipairs(expected.diagnostics) do
    if vim.endswith(d.path, name) then
      table.insert(out, string.format('%s %d:%d', d.rule, d.range.start.line, d.range.start.column))
    end
  end
  table.sort(out)
  return table.concat(out, ', ')
end
check('connector diagnostics match the CLI', positions(connector) ~= '' and positions(connector) == cli_positions('connector.rb'),
  positions(connector) .. ' vs ' .. cli_positions('connector.rb'))
check('README diagnostics match the CLI', positions(readme) ~= '' and positions(readme) == cli_positions('README.md'),
  positions(readme) .. ' vs ' .. cli_positions('README.md'))

local function finding(code)
  for _, d in ipairs(vim.diagnostic.get(connector)) do
    if d.code == code then return d end
  end
end

-- The code actions the server offers for a range (or, with `only`, of those kinds).
local function code_actions(position, only)
  local answer = vim.lsp.buf_request_sync(connector, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(connector) },
    range = { start = position, ['end'] = position },
    context = { diagnostics = {}, only = only },
  }, 10000)
  return (answer and answer[client_id] and answer[client_id].result) or {}
end

-- Hover over the credential shows its rule's page.
local secret = finding('hardcoded-credential')
check('the credential is found', secret ~= nil)
if secret then
  local hover = vim.lsp.buf_request_sync(connector, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(connector) },
    position = { line = secret.lnum, character = secret.col },
  }, 10000)
  local value = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ''
  check('hover shows the rule docs', value:find('# hardcoded-credential', 1, true) ~= nil
    and value:find('## What it does', 1, true) ~= nil, value)
end

-- A code action applies: the unmasked credential field gets control_type 'password'.
local unmasked = finding('unmasked-credential-field')
check('the unmasked field is found', unmasked ~= nil)
if unmasked then
  local action
  for _, a in ipairs(code_actions({ line = unmasked.lnum, character = unmasked.col })) do
    if a.kind == 'quickfix' and a.edit then action = action or a end
  end
  check('a quick fix is offered', action ~= nil)
  if action then
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    local text = table.concat(vim.api.nvim_buf_get_lines(connector, 0, -1, false), '\n')
    check('the fix edits the buffer', text:find("control_type: 'password'", 1, true) ~= nil, text)
    check('the fixed finding clears', wait_until(function()
      return codes(connector)['unmasked-credential-field'] == nil
    end))
  end
end

-- An edit clears a finding: the misspelled top-level key.
for i, line in ipairs(vim.api.nvim_buf_get_lines(connector, 0, -1, false)) do
  if line:find('picklists:', 1, true) then
    vim.api.nvim_buf_set_lines(connector, i - 1, i, false, { (line:gsub('picklists:', 'pick_lists:')) })
  end
end
-- (`trigers` is left for "fix all" below.)
check('an edit clears its unknown-top-level-key', wait_until(function()
  return codes(connector)['unknown-top-level-key'] == 1 and #vim.diagnostic.get(connector) > 0
end), positions(connector))

-- "Disable … for this line" puts a suppression comment above the credential's line.
secret = finding('hardcoded-credential')
if secret then
  local disable
  for _, a in ipairs(code_actions({ line = secret.lnum, character = secret.col })) do
    if a.title == 'Disable hardcoded-credential for this line' then disable = a end
  end
  check('a disable-for-this-line action is offered', disable ~= nil)
  if disable then
    vim.lsp.util.apply_workspace_edit(disable.edit, 'utf-16')
    check('the suppressed finding clears', wait_until(function()
      local now = codes(connector)
      return now['hardcoded-credential'] == nil and now['invalid-suppression'] == nil
    end), positions(connector))
  end
end

-- "Fix all" (what code-actions-on-save runs) applies the safe fix left: `trigers`.
local fix_all = code_actions({ line = 0, character = 0 }, { 'source.fixAll' })
check('one fix-all action is offered', #fix_all == 1 and fix_all[1].kind == 'source.fixAll.connlint',
  vim.inspect(fix_all))
if fix_all[1] then
  vim.lsp.util.apply_workspace_edit(fix_all[1].edit, 'utf-16')
  check('fix all clears the misspelled key', wait_until(function()
    local text = table.concat(vim.api.nvim_buf_get_lines(connector, 0, -1, false), '\n')
    return codes(connector)['unknown-top-level-key'] == nil and text:find('triggers: {}', 1, true) ~= nil
  end), positions(connector))
end

-- connlint.toml written from the editor takes effect.
vim.cmd('edit ' .. dir .. '/connlint.toml')
local config = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(config, client_id)
vim.api.nvim_buf_set_lines(config, 0, -1, false, { 'ignore = ["missing-support-contact"]' })
vim.cmd('write')
check('the saved config takes effect', wait_until(function()
  return codes(readme)['missing-support-contact'] == nil
end), positions(readme))

finish()
