# frozen_string_literal: true

module Connlint
  # One version for the crate, the wheel and the gem: connlint.gemspec refuses to build
  # when this differs from [workspace.package] version in the root Cargo.toml.
  VERSION = "0.1.0"
end
