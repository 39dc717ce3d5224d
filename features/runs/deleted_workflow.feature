Feature: Runs of a workflow that was deleted
  A workflow Ada deletes takes no new runs, but a run already under way keeps the workflow it
  started with: it finishes, and its record stays readable.

  @EDGE-5
  Scenario: A run outlives the deletion of its workflow
    Given Ada has a project
    And Ada has a workflow "quarterly review" whose agent takes its time to answer
    And Ada has a run "q3" of "quarterly review" that is still running
    When Ada deletes the workflow "quarterly review"
    And the quarterly-review agent is allowed to answer
    Then the run completes without further input
    And the run's steps, node states and messages can still be read
    And a new run of "quarterly review" is refused as not found, naming the deleted workflow
