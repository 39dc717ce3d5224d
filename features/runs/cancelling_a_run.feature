Feature: Cancelling an agent run
  Ada stops a run she no longer needs. It stops for good: no more model or tool calls are made
  for it. A run that is already over cannot be cancelled, and a repeated cancel changes nothing.

  @API-8.1
  Scenario: A running run is cancelled and stops working
    Given Ada has a project
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "deep dive" of "research" that is still running
    When Ada cancels the run
    Then the run is CANCELLED, with a finish time
    And no model or tool call is made for the run once the cancel was answered

  @API-8.1
  Scenario: A cancel aborts the tool call the run is waiting for
    Given Ada has a project
    And Ada has a workflow "archive" whose agent calls a tool that never answers
    And Ada has started a run of "archive" asking "Archive everything"
    And the run is waiting for the tool that never answers
    When Ada cancels the run
    Then the run is CANCELLED, with a finish time
    And the target hung up on the tool when the cancel was answered

  @API-8.2
  Scenario: A waiting run is cancelled before its agent ever runs
    Given Ada has a project that runs one run at a time
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "busy" of "research" that is still running
    And Ada has a run "queued" of "research" that is waiting for its turn
    When Ada cancels the run
    And run "busy" is allowed to finish
    Then the run is CANCELLED, with a finish time
    And no model or tool call was ever made for the run

  @API-8.3
  Scenario: A completed run cannot be cancelled
    Given Ada has a project
    And Ada has a run "done" that completed
    When Ada cancels the run
    Then the cancel is refused as a conflict saying the run cannot be cancelled
    And the run is still COMPLETED

  @API-8.4
  Scenario: Cancelling a cancelled run changes nothing
    Given Ada has a project
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "stopped" of "research" that was cancelled
    When Ada cancels the run
    Then the repeated cancel is accepted and the run is unchanged

  @API-8.5
  Scenario: Cancelling a run that does not exist
    Given Ada has a project
    When Ada cancels a run that does not exist
    Then she is told "Agent run not found"

  @EDGE-3
  Scenario: Many cancels of one run at once
    Given Ada has a project
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "deep dive" of "research" that is still running
    When Ada cancels the run 8 times at once
    Then every cancel is answered, and the run was cancelled exactly once

  @EDGE-4
  Scenario: Starting a run while another is being cancelled
    Given Ada has a project that runs one run at a time
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "old" of "research" that is still running
    When Ada cancels run "old" and starts a run "new" of "research" at the same moment
    And the research agent is allowed to answer
    Then run "old" is CANCELLED and run "new" is COMPLETED
