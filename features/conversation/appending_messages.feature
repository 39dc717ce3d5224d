Feature: Talking to a run
  Ada adds messages to a run's conversation: a follow-up question to a completed run wakes it up,
  and the agent answers with everything said so far. A run that was cancelled takes no more.

  Background:
    Given Ada has a project
    And Ada has a workflow "support" with a support agent

  @API-7.1
  Scenario: A follow-up to a completed run puts it back to work
    Given the model answers the support agent with "Your order ships on Monday" and then, when allowed, "Yes, express delivery is possible"
    And Ada has started a run of "support" asking "When does my order ship?"
    And the run completes
    When Ada asks the run "Can it go express?"
    Then her message is added to the run as a user message with an id of its own
    And the run is RUNNING again, with no finish time
    When the support agent is allowed to answer
    Then the run completes without further input
    And the run's output summary is "Yes, express delivery is possible"
    And the support agent was last asked "Can it go express?", after the whole conversation so far

  @API-7.1
  Scenario: A message to a running run is taken
    Given the model answers the support agent with "On it", when allowed
    And Ada has started a run of "support" asking "When does my order ship?"
    And the support agent is working on it
    When Ada asks the run "Please also check the invoice"
    Then her message is added to the run as a user message with an id of its own

  @API-7.2
  Scenario: Context items given with a message reach the agent
    Given Ada has a context item "delivery terms" saying "Express delivery costs 9 EUR"
    And Ada has a context item "calendar" saying "Warehouse closed on Friday"
    And the model answers the support agent with "Your order ships on Monday" and then "Express costs 9 EUR"
    And Ada has started a run of "support" asking "When does my order ship?"
    And the run completes
    When Ada asks the run "Can it go express?" with the context items "delivery terms" and "calendar"
    Then her message lists the context items "delivery terms" and "calendar"
    And the run completes without further input
    And the support agent is given the content of "delivery terms" and "calendar" with the message

  @API-7.3
  Scenario: A message to a run that does not exist
    When Ada asks a run that does not exist "Anyone there?"
    Then she is told "Agent run not found"

  @API-7.4
  Scenario: A cancelled run takes no more messages
    Given the model answers the support agent with "On it", when allowed
    And Ada has started a run of "support" asking "When does my order ship?"
    And the support agent is working on it
    And Ada has cancelled the run
    When Ada asks the run "Are you still there?"
    Then the message is refused as a conflict saying the run cannot accept messages
    And the run has no message "Are you still there?"

  @API-7.5
  Scenario: An empty message is refused
    Given the model answers the support agent with "Your order ships on Monday"
    And Ada has started a run of "support" asking "When does my order ship?"
    And the run completes
    When Ada asks the run ""
    Then the message is refused as a bad request saying content is required
    And the run still has its 2 messages

  @EDGE-2
  Scenario: A very long message is kept intact, or refused above the declared limit
    Given the model answers the support agent with "Your order ships on Monday" and then "Noted"
    And Ada has started a run of "support" asking "When does my order ship?"
    And the run completes
    When Ada sends the run a message of 200 KB
    Then the run's messages hold that message intact, unless the target declares a lower limit and refuses it as too large

  @EDGE-6
  Scenario: Messages sent at the same time are kept in the order they arrived
    Given the model answers the support agent with "On it", when allowed
    And Ada has started a run of "support" asking "When does my order ship?"
    And the support agent is working on it
    When Ada sends the run two waves of 5 messages, all messages of a wave at once
    Then the run's messages list each of them once, oldest first, the first wave before the second
