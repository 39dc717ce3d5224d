Feature: The event stream of a run
  Ada follows a run over a WebSocket as it happens: every event in order, from the run's creation
  to its end, and then the stream closes. A run that already ended tells its history, a stream
  resumes after any event, and every stream reads as one grammar: the same state machine checks
  them all.

  Background:
    Given Ada has a project

  @API-10.1 @WS-01 @WS-02 @WS-03 @WS-04
  Scenario: A subscriber follows a run that calls a tool, from its creation to its end
    Given Ada has a workflow "lookup" whose agent consults the "inventory" tool 2 times before answering
    And Ada has started a run of "lookup" asking "How many blue widgets are left?"
    When Ada subscribes to the run's stream
    Then Ada's stream tells the whole story of the run, in order

  @API-10.1
  Scenario: A subscriber who joins in the middle gets what it missed, then the rest as it happens
    Given Ada has a workflow "support" with a support agent
    And the model answers the support agent with "Your order ships on Monday", when allowed
    And Ada has started a run of "support" asking "When does my order ship?"
    And the support agent is working on it
    When Ada subscribes to the run's stream with her token in the URL
    And the support agent is allowed to answer
    Then Ada's stream tells the whole story of the run, in order

  @API-10.2
  Scenario: The stream of a run that does not exist
    When Ada subscribes to the stream of a run that does not exist
    Then her stream is refused as not found

  @API-10.3
  Scenario: The stream of a completed run gives its history, then closes
    Given Ada has a run "done" that completed
    When Ada subscribes to the run's stream
    Then Ada's stream tells the whole story of the run, in order

  @WS-05
  Scenario: A failing run ends its stream with the error event
    Given Ada has a run "broken" that failed
    When Ada subscribes to the run's stream
    Then Ada's stream ends with the run's error, as the run reports it

  @WS-08
  Scenario: Resuming after an event delivers exactly the events after it
    Given Ada has a run "done" that completed
    And Ada has followed the run's stream to its end
    When Ada resumes the run's stream after event 3
    Then the resumed stream is exactly the events after 3 of the first stream

  @EDGE-8
  Scenario: A subscriber who leaves in the middle leaves the run untouched
    Given Ada has a workflow "support" with a support agent
    And the model answers the support agent with "Your order ships on Monday", when allowed
    And Ada has started a run of "support" asking "When does my order ship?"
    And the support agent is working on it
    And Ada subscribes to the run's stream
    When Ada stops following the run
    And the support agent is allowed to answer
    Then the run completes without further input
    And a new subscriber to the run's stream gets the whole story of the run, in order

  @WS-06
  Scenario: The stream of a run with two agents names each event's node, in the workflow's order
    Given Ada has a workflow "brief" where a research agent hands over to a summary agent
    And Ada has started a run of "brief" asking "Brief me on the outage"
    When Ada subscribes to the run's stream
    Then Ada's stream tells the whole story of the run, in order
    And every event names a node of the workflow, and the summary agent starts only after the research agent finished

  @WS-07
  Scenario: Many subscribers of many runs at once each get every event of their run, once
    Given Ada has a workflow "support" with a support agent
    And the model answers the support agent with "Your order ships on Monday"
    When Ada starts 10 runs of "support" at once, each followed by 3 subscribers
    Then every subscriber of a run gets the same whole story of that run, and nothing of another run
