Feature: Reading the conversation of a run
  A run's messages are the user's query and follow-ups and everything its agents said and did,
  oldest first, and Ada can narrow them down by who wrote them or what they are.

  Background:
    Given Ada has a project
    And Ada has a workflow "lookup" whose agent consults the "inventory" tool 9 times before answering

  @API-6.1
  Scenario: Messages are listed oldest first, from the user and the agents
    Given Ada has started a run of "lookup" asking "How many blue widgets are left?"
    When the run completes
    Then the run's 20 messages are the query, each tool call with its result, and the answer, oldest first

  @API-6.2
  Scenario: Messages of a run that does not exist
    When Ada lists the messages of a run that does not exist
    Then she is told "Agent run not found"

  @API-6.3
  Scenario: Only the user's messages
    Given Ada has started a run of "lookup" asking "How many blue widgets are left?"
    And the run completes
    And Ada has asked the run "And how many red ones?"
    When Ada lists the messages of the run written by the user
    Then she gets exactly the messages "How many blue widgets are left?" and "And how many red ones?"

  @API-6.4
  Scenario: Only the agents' answers
    Given the lookup agent consults the "inventory" tool once, then answers "12 blue widgets" and then "3 red widgets"
    And Ada has started a run of "lookup" asking "How many blue widgets are left?"
    And the run completes
    And Ada has asked the run "And how many red ones?"
    When Ada lists the assistant messages of the run
    Then she gets exactly the messages "12 blue widgets" and "3 red widgets"
