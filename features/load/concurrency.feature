Feature: Many runs and many users at once
  Under load every run still completes with its own output, users stay apart, and no request
  waits without end: a wrong or lost answer is a fault, 100%, not 80%. How big the load is, and
  every time budget, are settings measured against floors taken in the same run
  (spec/README.md, "Load and time budgets"); the kit's requests go out concurrently for real.

  @CONC-01
  Scenario: Many runs of one user at once each complete with their own output
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "echo" whose agent answers each run with its own run id
    When Ada starts the configured number of runs of "echo" at once
    Then every run completes
    And every run's output is the answer the model gave that run

  @CONC-02
  Scenario: Two users busy at once never see or touch each other's things
    Given Ada has a project that runs many runs at once
    And Grace has a project that runs many runs at once
    And each has a workflow "research" whose agent answers each run with its own run id, when allowed
    When Ada and Grace each start 3 runs of "research" at once
    And while both are busy, each tries every request on the other's project, runs and streams, all at once
    Then every one of those requests is refused as if the thing did not exist
    And each of them lists exactly her own runs and follows her own runs' streams
    And once the agents may answer, every run of both completes with its own output, untouched by the other

  @CONC-03
  Scenario: Runs contending for a project's few slots all complete, never more at once than it allows
    Given Ada has a project that runs a few runs at a time
    And Ada has a workflow "contended" whose agent consults the "ledger" tool 1 time, each call taking the scripted latency
    When Ada starts the configured number of runs of "contended" at once
    Then every run completes
    And the project never listed more runs RUNNING than it allows
    And the runs' times stay within the budget of waves of as many runs as the project allows

  @CONC-03
  Scenario: Many runs contending for the target at once each take no more than their calls and the overhead budget
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "contended" whose agent consults the "ledger" tool 2 times, each call taking the scripted latency
    When Ada starts the configured number of runs of "contended" at once
    Then every run completes
    And the median run's time stays within the scripted latency of its 5 calls plus the overhead budget

  @CONC-04
  Scenario: Cancel, append and read at the same moment never deadlock and leave one consistent state
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "research" whose agent takes its time to answer
    When Ada sends a cancel, a message and a read to a busy run at the same moment, 5 times over
    Then every request of every race was answered within its bound
    And every raced run is CANCELLED, lists every message it accepted, and accepts no more

  @CONC-05
  Scenario: A mixed workload of bursts, steady and random arrivals is answered right, every time
    Given Ada has a project that runs many runs at once
    And Ada has a workflow "echo" whose agent answers each run with its own run id
    When Ada starts runs of "echo" in a burst, at a steady pace and at random moments, all at once, reading each run as it starts
    Then every start and every read was answered right
    And every run completes
    And every run's output is the answer the model gave that run

  @CONC-06
  Scenario: Five agents on shared infrastructure all complete, 5 of 5
    Given Ada has a project that runs many runs at once
    And Ada has five agents, each in a workflow of its own, all using the shared "ledger" tool
    When Ada starts a run of each of the five agents at once
    Then every run completes
    And every run's output is the answer the model gave that run
    And each run was handed the result of its own call to the shared "ledger" tool
