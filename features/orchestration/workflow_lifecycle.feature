Feature: Workflow lifecycle
  A workflow runs from one start call to its end without any further input, and its result is
  what the model answered last.

  @WF-01
  Scenario: A simple workflow runs to completion from a single start call
    Given Ada has a project
    And Ada has a workflow "audit summary" with a summary agent
    And the model answers the summary agent with "Three findings, all minor"
    When Ada starts a run of "audit summary" asking "Summarise the audit"
    Then the run completes without further input
    And the run's output summary is "Three findings, all minor"
    And the summary agent was asked once, with the query "Summarise the audit"
