# frozen_string_literal: true

module Connlint
  # The platforms a release publishes a platform gem (with the connlint binary) for; on any
  # other, RubyGems installs the plain `ruby` gem, whose `connlint` says how to build it.
  # Keep in step with the gem matrix of .github/workflows/release.yml.
  BINARY_PLATFORMS = %w[
    x86_64-linux
    aarch64-linux
    x86_64-darwin
    arm64-darwin
    x64-mingw-ucrt
  ].freeze
end
