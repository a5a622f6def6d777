# frozen_string_literal: true

require "rbconfig"
require_relative "connlint/version"
require_relative "connlint/platforms"

# connlint, a fast linter for Workato connector source code. This gem ships the native
# `connlint` binary (a platform gem) and runs it; see Connlint.executable.
module Connlint
  class << self
    def windows?
      RbConfig::CONFIG["host_os"].match?(/mswin|mingw|cygwin/)
    end

    # The bundled binary of a platform gem, or the one CONNLINT_BINARY names; nil when
    # this is the plain `ruby` gem and CONNLINT_BINARY is unset.
    def executable
      override = ENV["CONNLINT_BINARY"]
      return override if override && !override.empty?

      bundled = File.expand_path("../libexec/connlint#{".exe" if windows?}", __dir__)
      File.file?(bundled) ? bundled : nil
    end

    # Why there is no binary and how to get one (the plain `ruby` gem's whole output).
    def missing_binary_message
      local = Gem::Platform.local
      <<~MSG
        connlint #{VERSION}: this gem has no connlint binary for your platform (#{local}).

        Platform gems with a prebuilt binary exist for:
        #{BINARY_PLATFORMS.map { |p| "  - #{p}" }.join("\n")}
        On those, `gem install connlint` (or `bundle install`) picks the right one; if you
        got this gem instead, check `gem env platform` and that Bundler's lockfile lists
        your platform (`bundle lock --add-platform #{local}`).

        Anywhere else, build connlint from source with a Rust toolchain (1.95 or newer,
        https://rustup.rs), from a clone of the connlint repository (a published gem
        names it: `gem specification connlint homepage`):

            cargo install --locked --path .

        then either use that `connlint` directly, or point this gem at it:

            export CONNLINT_BINARY="$HOME/.cargo/bin/connlint"
      MSG
    end

    # Run connlint with ARGS in place of this process (the gem's `connlint` executable).
    def exec(args)
      binary = executable
      unless binary
        warn missing_binary_message
        exit 2
      end
      Kernel.exec(binary, *args)
    rescue SystemCallError => e
      warn "connlint: cannot run #{binary}: #{e.message}"
      exit 2
    end
  end
end
