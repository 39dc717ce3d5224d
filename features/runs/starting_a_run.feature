Feature: Starting an agent run
  Ada starts a run of one of her workflows with a query, optionally handing the agents some
  context items. A start that cannot be honoured is refused with a reason, and creates nothing.

  Background:
    Given Ada has a project
    And Ada has a workflow "triage" whose agent answers "Routed to billing"

  @API-2.1
  Scenario: A run starts from a workflow and a query
    When Ada starts a run of "triage" asking "Where should this ticket go?"
    Then the run is created with an id of its own
    And the run is for workflow "triage" and the query "Where should this ticket go?"
    And the run is PENDING or RUNNING
    And the run records when it started

  @API-2.2
  Scenario: Context items given at start are associated with the run
    Given Ada has a context item "pricing sheet" saying "Gold plan: 40 EUR a month"
    And Ada has a context item "refund policy" saying "Refunds within 30 days"
    When Ada starts a run of "triage" with the context items "pricing sheet" and "refund policy"
    Then the run details list the context items "pricing sheet" and "refund policy"
    And the triage agent is given the content of "pricing sheet" and "refund policy"

  @API-2.3
  Scenario: A run of a workflow that does not exist is refused
    When Ada starts a run of a workflow that does not exist
    Then the start is refused as not found, naming the missing workflow
    And Ada's project has no runs

  @API-2.4
  Scenario: A run with context items that do not exist is refused
    Given Ada has a context item "pricing sheet" saying "Gold plan: 40 EUR a month"
    When Ada starts a run of "triage" with the context item "pricing sheet" and one that does not exist
    Then the start is refused as a bad request naming the missing context item
    And Ada's project has no runs

  @API-2.5
  Scenario: A run with an empty query is refused
    When Ada starts a run of "triage" with an empty query
    Then the start is refused as a bad request saying the query is required
    And Ada's project has no runs
