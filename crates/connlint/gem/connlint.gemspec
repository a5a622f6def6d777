# frozen_string_literal: true

# Two gems from one spec, chosen with CONNLINT_GEM_PLATFORM:
#   native (default)  a platform gem for this machine (Gem::Platform.local) holding the
#                     connlint binary as libexec/connlint (.exe on Windows); CONNLINT_BINARY
#                     names the binary to package (default: the release build in
#                     $CARGO_TARGET_DIR or the repository's target/)
#   a platform name   the same for another platform (a cross-built binary), e.g. aarch64-linux
#   ruby              the fallback for every other platform: no binary; its `connlint`
#                     says which platforms have one and how to build from source, exit 2
#
#   cd crates/connlint/gem && gem build connlint.gemspec
#   CONNLINT_GEM_PLATFORM=ruby gem build connlint.gemspec

require "fileutils"
require_relative "lib/connlint/version"

repo = File.expand_path("../../..", __dir__)
cargo_toml = File.join(repo, "Cargo.toml")
if File.file?(cargo_toml)
  cargo_version = File.read(cargo_toml)[/^\[workspace\.package\]\n(?:[^\[\n].*\n|\n)*?version\s*=\s*"([^"]+)"/, 1]
  if cargo_version != Connlint::VERSION
    raise "lib/connlint/version.rb says #{Connlint::VERSION}, Cargo.toml says #{cargo_version.inspect}: " \
          "the gem, the wheel and the crate share one version"
  end
end

choice = ENV.fetch("CONNLINT_GEM_PLATFORM", "native")
platform =
  case choice
  when "ruby" then Gem::Platform::RUBY
  when "native", ""
    local = Gem::Platform.local
    # Gem::Platform.local names the macOS release (arm64-darwin-23); a gem for it would
    # install on that release alone.
    local.os == "darwin" ? Gem::Platform.new([local.cpu, local.os, nil]) : local
  else Gem::Platform.new(choice)
  end

files = Dir.chdir(__dir__) { Dir["lib/**/*.rb", "exe/*", "README.md"] }

unless platform == Gem::Platform::RUBY
  exe = platform.os.start_with?("mingw", "mswin") ? "connlint.exe" : "connlint"
  target_dir = ENV.fetch("CARGO_TARGET_DIR", File.join(repo, "target"))
  source = ENV.fetch("CONNLINT_BINARY", File.join(target_dir, "release", exe))
  staged = File.join(__dir__, "libexec", exe)
  unless File.file?(source) && File.expand_path(source) == File.expand_path(staged)
    raise "no connlint binary at #{source}: run `cargo build --release` or set CONNLINT_BINARY" unless File.file?(source)

    FileUtils.mkdir_p(File.dirname(staged))
    FileUtils.cp(source, staged)
    FileUtils.chmod(0o755, staged)
  end
  files << "libexec/#{exe}"
end

Gem::Specification.new do |spec|
  spec.name = "connlint"
  spec.version = Connlint::VERSION
  spec.platform = platform
  spec.authors = ["connlint contributors"]
  spec.summary = "A fast linter for Workato connector source code"
  spec.description = <<~DESC.tr("\n", " ").strip
    connlint finds hardcoded credentials, documentation gaps and broken structure in
    Workato Connector SDK code (connector.rb). The platform gems bundle the native binary,
    so no Rust toolchain is needed; `connlint check`, `connlint server` (LSP) and a
    `rake connlint` task (require "connlint/rake_task").
  DESC
  spec.license = "MIT"
  spec.required_ruby_version = ">= 2.7"
  spec.metadata = { "rubygems_mfa_required" => "true" }
  # Where the release is published from (the release workflow sets it); a local build
  # names no homepage rather than a made-up one.
  source_url = ENV["CONNLINT_SOURCE_URL"].to_s
  unless source_url.empty?
    spec.homepage = source_url
    spec.metadata["source_code_uri"] = source_url
    spec.metadata["changelog_uri"] = "#{source_url}/blob/main/CHANGELOG.md"
  end
  spec.files = files.sort
  spec.bindir = "exe"
  spec.executables = ["connlint"]
  spec.require_paths = ["lib"]
end
