Feature: The state of each workflow node of a run
  Ada follows a run node by node: which agent is where, how far along, and what it noted.

  @API-5.1
  Scenario: A completed run has one state per workflow node
    Given Ada has a project
    And Ada has a workflow "brief" where a research agent hands over to a summary agent
    And Ada has started a run of "brief" asking "Brief me on the outage"
    When the run completes
    Then the run has a completed state for each of the nodes "research" and "summary"

  @API-5.2
  Scenario: Node states of a run that does not exist
    Given Ada has a project
    When Ada reads the node states of a run that does not exist
    Then she is told "Agent run not found"

  @API-5.3
  Scenario: A run that has not started has no node states
    Given Ada has a project that runs one run at a time
    And Ada has a run "busy" that is still running
    And Ada has a run "queued" that is waiting for its turn
    When Ada reads the node states of run "queued"
    Then she gets an empty list
