Feature: The rules of the tool-call loop
  spec/llm-and-tools.md says what a model request carries and what a node does with what the model
  asks of it: instructions, tools, correlation headers, calls it cannot make, a loop that never
  ends, several final answers. Each rule is held here against what the stand-ins were sent.

  Background:
    Given Ada has a project

  @WF-05 @MA-06
  Scenario: A model request carries the instructions, then the node's tools, and a tool request names its call
    Given Ada has a workflow "sales" whose analyst agent, instructed "Answer in euros", looks up "EMEA" with the "revenue" tool
    When Ada starts a run of "sales" asking "How did EMEA do?"
    Then the run completes without further input
    And every request of the analyst agent opens with one system message: the profile's instructions, then "Answer in euros"
    And every request of the analyst agent offers the "revenue" tool as a function, with its description and parameters
    And the "revenue" tool was told the tool's name and the call's id

  @MA-06
  Scenario Outline: A tool call the node cannot make goes back to the model as an error, and the loop goes on: <call>
    Given Ada has a workflow "sales" whose analyst agent makes <call>, then answers "No figures today"
    When Ada starts a run of "sales" asking "How did EMEA do?"
    Then the run completes without further input
    And the run's output summary is "No figures today"
    And no tool was called in the run
    And the analyst agent's second request answers that call with an error text under its tool call id

    Examples:
      | call                                         |
      | a call of a tool it does not have            |
      | a call whose arguments are not a JSON object |

  @FAIL-01
  Scenario: A model that keeps asking for tools is stopped at the node's maxModelCalls
    Given Ada has a workflow "loop" whose looper agent may make 3 model calls, and its model asks for the "notes" tool every time
    When Ada starts a run of "loop" asking "Go on"
    Then the run fails within 10 seconds, naming the looper agent
    And the looper agent made 3 model calls
    And the "notes" tool was called 3 times

  @WF-06
  Scenario: With two final nodes, the output summary joins their answers in node order
    Given Ada has a workflow "twins" where a left and a right agent both answer last
    When Ada starts a run of "twins" asking "Both of you, please"
    Then the run completes without further input
    And the run's output summary is the left agent's answer, a blank line, then the right agent's
