Feature: The steps of an agent run
  Every model call and every tool call a run makes is one step. Ada reads them in the order they
  were made, a page at a time, however many there are.

  @API-4.1
  Scenario: The steps of a run are listed in execution order
    Given Ada has a project
    And Ada has a workflow "lookup" whose agent consults the "inventory" tool 7 times before answering
    And Ada has started a run of "lookup" asking "How many blue widgets are left?"
    When the run completes
    Then the run's steps are the 15 calls it made, in the order it made them

  @API-4.2
  Scenario: Steps of a run that does not exist
    Given Ada has a project
    When Ada lists the steps of a run that does not exist
    Then she is told "Agent run not found"

  @API-4.3
  Scenario: A run that has not started has no steps
    Given Ada has a project that runs one run at a time
    And Ada has a run "busy" that is still running
    And Ada has a run "queued" that is waiting for its turn
    When Ada lists the steps of run "queued"
    Then she gets an empty list

  @API-4.4
  Scenario: Steps are read a few at a time
    Given Ada has a project
    And Ada has a workflow "lookup" whose agent consults the "inventory" tool 7 times before answering
    And Ada has started a run of "lookup" asking "How many blue widgets are left?"
    When the run completes
    Then reading its steps 5 at a time gives 3 pages that list steps 1 to 15 once each, in order

  @EDGE-1
  Scenario: A very long run lists every one of its steps
    Given Ada has a project
    And Ada has a workflow "stocktake" whose agent consults the "inventory" tool 500 times before answering
    And Ada has started a run of "stocktake" asking "Count every shelf"
    When the run completes
    Then reading its steps 100 at a time gives 11 pages that list steps 1 to 1001 once each, in order

  @EDGE-7
  Scenario: Steps of parallel branches are numbered in the order they were made
    Given Ada has a project
    And Ada has a workflow "market scan" where a pricing and a stock agent each consult a tool 3 times, then a summary agent answers
    And Ada has started a run of "market scan" asking "Scan the market"
    When the run completes
    Then the run's steps are numbered in the order the calls were made, across both branches
