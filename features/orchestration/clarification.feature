Feature: An agent asks the user for clarification
  A node allowed to ask the user (askUser) is offered the ask_user tool. When its model calls it,
  the run waits as INPUT_REQUIRED and shows the question; the user's next message is the answer,
  and it goes back to the model as the result of that call (spec/llm-and-tools.md, "Asking the user").

  Background:
    Given Ada has a project
    And Ada has a workflow "trip" whose planner agent asks the user "Which city do you leave from?" before answering "Trip from Lyon planned"

  @WF-04
  Scenario: The agent's question makes the run wait, and the user's answer reaches the model
    When Ada starts a run of "trip" asking "Plan my trip"
    Then the run waits for input, asking "Which city do you leave from?" for the planner agent
    And nothing more is asked of the model or the tools while the run waits
    When Ada answers "Lyon"
    Then the run completes
    And her answer "Lyon" is recorded as the answer to the question
    And the planner agent's next request gives "Lyon" back under the tool call id of its question
    And every request of the planner agent offers the ask_user tool, taking a question
    And the run's output summary is "Trip from Lyon planned"
    And the run's stream tells that it waited for the answer to "Which city do you leave from?", then went on with "Lyon"

  @WF-04
  Scenario: A run that waits for the user's answer can be cancelled
    Given Ada has started a run of "trip" asking "Plan my trip"
    And the run waits for input, asking "Which city do you leave from?" for the planner agent
    When Ada cancels the run
    Then the run is CANCELLED, with a finish time
    And the question's step is CANCELLED
    And no model or tool call is made for the run once the cancel was answered
