Feature: Reading an agent run
  Ada reads one of her runs by its id, within the project it belongs to.

  Background:
    Given Ada has a project
    And Ada has a workflow "triage" whose agent answers "Route to billing: the customer was charged twice"

  @API-3.1
  Scenario: A run is read with all its fields
    Given Ada has started a run of "triage" asking "Where should this ticket go?"
    When Ada reads the run
    Then she sees the run with every field of an agent run
    And the run is for workflow "triage" and the query "Where should this ticket go?"

  @API-3.2
  Scenario: Reading a run that does not exist
    When Ada reads a run that does not exist
    Then she is told "Agent run not found"

  @API-3.3
  Scenario: A run cannot be read through another project
    Given Ada has started a run of "triage" asking "Where should this ticket go?"
    And Ada has a second project
    When Ada reads the run through her second project
    Then she is told "Agent run not found"

  @API-3.4
  Scenario: A completed run carries its real result
    Given Ada has started a run of "triage" asking "Where should this ticket go?"
    When the run completes
    And Ada reads the run
    Then the run's output summary is "Route to billing: the customer was charged twice"
    And the run records when it finished
