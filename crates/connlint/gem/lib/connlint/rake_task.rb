# frozen_string_literal: true

require "rake"
require "rake/tasklib"
require_relative "../connlint"

module Connlint
  # A `rake connlint` task:
  #
  #   # Rakefile
  #   require "connlint/rake_task"
  #   Connlint::RakeTask.new
  #
  #   Connlint::RakeTask.new(:lint) do |t|
  #     t.paths = ["connector.rb"]                      # default: the project (".")
  #     t.options = ["--output-format", "concise"]      # any `connlint check` options
  #     t.fail_on_error = false                         # report, but do not fail the build
  #   end
  class RakeTask < ::Rake::TaskLib
    attr_accessor :name, :paths, :options, :fail_on_error

    def initialize(name = :connlint)
      super()
      @name = name
      @paths = []
      @options = []
      @fail_on_error = true
      yield self if block_given?
      desc "Lint Workato connectors with connlint" unless ::Rake.application.last_description
      task(@name) { run }
    end

    def command
      binary = Connlint.executable
      binary && [binary, "check", *options, *paths]
    end

    private

    def run
      cmd = command
      unless cmd
        warn Connlint.missing_binary_message
        abort("connlint: no binary to run") if fail_on_error
        return
      end
      puts cmd.join(" ") if ::Rake.application.options.trace
      return if system(*cmd)

      status = $?.exitstatus
      message = status == 1 ? "connlint found problems" : "connlint failed (exit #{status.inspect})"
      fail_on_error ? abort(message) : warn(message)
    end
  end
end
