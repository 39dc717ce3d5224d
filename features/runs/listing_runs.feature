Feature: Listing the agent runs of a project
  Ada reads the runs of her project a page at a time, and narrows them by status, by workflow,
  or by both.

  @API-1.1
  Scenario: Runs are listed a page at a time
    Given Ada has a project
    And Ada has a workflow "triage" whose agent answers "Routed to billing"
    And Ada has started 25 runs of "triage" that completed
    When Ada lists the runs of her project
    Then she gets a first page of as many runs as the default limit
    And the page counts 25 runs in total and points to the next page
    And following the pages lists each of her 25 runs exactly once

  @API-1.2
  Scenario: Runs are filtered by status
    Given Ada has a project that runs one run at a time
    And Ada has a run "answered" that completed
    And Ada has a run "broken" that failed
    And Ada has a run "stopped" that was cancelled
    And Ada has a run "thinking" that is still running
    And Ada has a run "queued" that is waiting for its turn
    Then listing her runs by status gives exactly
      | status    | runs     |
      | PENDING   | queued   |
      | RUNNING   | thinking |
      | COMPLETED | answered |
      | FAILED    | broken   |
      | CANCELLED | stopped  |

  @API-1.3
  Scenario: Runs are filtered by workflow
    Given Ada has a project
    And Ada has a workflow "triage" whose agent answers "Routed to billing"
    And Ada has a workflow "report" whose agent answers "Weekly report attached"
    And Ada has started 3 runs of "triage" that completed
    And Ada has started 2 runs of "report" that completed
    When Ada lists the runs of workflow "triage"
    Then she gets exactly her 3 runs of "triage"

  @API-1.4
  Scenario: Status and workflow filters combine with a logical AND
    Given Ada has a project
    And Ada has a workflow "triage" whose agent takes its time to answer
    And Ada has a workflow "report" whose agent takes its time to answer
    And Ada has a run "abandoned triage" of "triage" that was cancelled
    And Ada has a run "current triage" of "triage" that is still running
    And Ada has a run "current report" of "report" that is still running
    When Ada lists the RUNNING runs of workflow "triage"
    Then she gets exactly the runs "current triage"
