Feature: Time budgets
  A run takes the time its model and tools take, plus an overhead the contract bounds; reads stay
  quick while runs are at work; big tool results are handled. Every budget is stated against a
  floor measured in the same run (a bare round trip to the target, the stand-ins' scripted
  latency), never as an absolute time (spec/README.md, "Load and time budgets"). A budget that is
  missed fails with the measured distribution and the floor.

  @PERF-01
  Scenario: Reading run state stays within its budget while runs are at work
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "busy" whose agent consults the "ledger" tool 4 times, each call taking the scripted latency
    When Ada starts the configured number of runs of "busy" at once, reading their state the configured number of times meanwhile
    Then every run completes
    And the reads' p95 stays within the budget of the bare round trips measured beside them

  @PERF-02
  Scenario: A tool result of over 1 MB is handled: the run completes and the data is kept
    Given Ada has a project
    And Ada has a workflow "export" whose exporter agent looks up "Q3" with the "ledger" tool
    And the "ledger" tool answers with a report of 1000 KB
    When Ada starts a run of "export" asking "Export Q3"
    Then the run completes without further input
    And the "ledger" tool's answer is kept in the run's steps and messages, whole or clearly truncated

  @PERF-03
  Scenario: A run takes its calls' scripted latency plus a bounded overhead
    Given Ada has a project
    And Ada has a workflow "timed" whose agent consults the "ledger" tool 3 times, each call taking the scripted latency
    When Ada runs "timed" once, timing it
    Then the run's time stays within the scripted latency of its 7 calls plus the overhead budget

  @PERF-04
  Scenario: Repeated runs of one workflow have the same structure and a bounded timing spread
    Given Ada has a project
    And Ada has a workflow "timed" whose agent consults the "ledger" tool 2 times, each call taking the scripted latency
    When Ada runs "timed" the configured number of times, one after another
    Then every run made the same steps, in the same order, of the same kinds
    And the runs' times have a p95 within the spread budget of their p50

  @PERF-05
  Scenario: Seed 001's budgets hold as ceilings, with tighter budgets from the scripted latency
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "simple" whose agent consults the "ledger" tool 0 times, each call taking the scripted latency
    And Ada has a workflow "complex" of two dependent agents, each consulting the "ledger" tool once, each call taking the scripted latency
    When Ada runs "simple" once, timing it
    Then the run's time stays within the scripted latency of its 1 call plus the overhead budget, and seed 001's ceiling for a simple run
    When Ada runs "complex" once, timing it
    Then the run's time stays within the scripted latency of its 6 calls plus the overhead budget, and seed 001's ceiling for a complex run
    When Ada runs "complex" 3 times at once, timing them
    Then each run's time stays within the scripted latency of its 6 calls plus the overhead budget, and seed 001's ceiling for 3 runs at once
