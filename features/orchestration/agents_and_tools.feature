Feature: Agents, their models and their tools
  What an orchestrator does between the user's query and the final answer is seen from outside
  only through what the model and the tools were sent: which model, in which order, with which
  data, under which tool call ids. These scenarios read the stand-ins' journal to judge it.

  Background:
    Given Ada has a project

  @WF-02 @MA-06
  Scenario: A tool's data reaches the model that analyses it, under the model's tool call id
    Given Ada has a workflow "sales" whose analyst agent looks up "EMEA" with the "revenue" tool
    And the "revenue" tool answers with the figures "EMEA revenue: 7.2M"
    When Ada starts a run of "sales" asking "How did EMEA do?"
    Then the run completes without further input
    And the "revenue" tool was called once, with the arguments the model gave
    And the analyst agent's next request gives the tool's answer back under the tool call id the model issued

  @WF-05
  Scenario: The model the workflow names for an agent is the model asked
    Given Ada has a workflow "pricing" whose pricer agent uses the model "pricing-large-2"
    And the model answers the pricer agent with "Price at 42"
    When Ada starts a run of "pricing" asking "What price?"
    Then the run completes without further input
    And every request of the pricer agent asked for the model "pricing-large-2"

  @WF-06 @MA-03
  Scenario: The reporting agent gets the data agent's output, and its report is the run's output
    Given Ada has a workflow "report" where a data agent hands over to a reporting agent
    When Ada starts a run of "report" asking "Report on the quarter"
    Then the run completes without further input
    And the reporting agent is given what the data agent answered
    And the run's output summary is what the reporting agent answered

  @MA-04
  Scenario: A node starts only after the nodes it depends on completed
    Given Ada has a workflow "report" where a data agent, taking 300 ms to answer, hands over to a reporting agent
    When Ada starts a run of "report" asking "Report on the quarter"
    Then the run completes without further input
    And the reporting agent was first asked 300 ms or more after the data agent's last request, when its answer came

  @MA-05
  Scenario: Independent agents work at the same time
    Given Ada has a workflow "survey" where a north and a south agent work side by side, then a summary agent answers
    When Ada starts a run of "survey" asking "How are the regions?"
    Then the north and the south agent are both asked before either answers
    And when both may answer, the run completes without further input

  @MA-01
  Scenario: A supervisor routes the query to its sub-agents and synthesises their outputs
    Given Ada has a workflow "operations" where a triage agent routes to a data and an optimization agent, and a supervisor agent synthesises
    When Ada starts a run of "operations" asking "Why are deliveries late?"
    Then the run completes without further input
    And the data and the optimization agent are each given what the triage agent answered
    And the supervisor agent is given what the data and the optimization agent answered
    And the run's output summary is what the supervisor agent answered

  @WF-07 @WF-09
  Scenario: A run's lifecycle follows a legal path and what it did stays readable
    Given Ada has a workflow "audit" whose agent consults the "ledger" tool 2 times before answering
    When Ada starts a run of "audit" asking "Audit the ledger"
    Then the statuses Ada observes until the end follow a legal path, with timestamps that never go back
    And the run stays COMPLETED, with the same finish time, however often it is read
    And the run's steps, node states and messages can still be read

  @MA-02
  Scenario: Each turn of a three-turn conversation carries the turns before it, in order
    Given Ada has a workflow "advisor" with an advisor agent
    And the model answers the advisor agent with "Take the train", "The 9:15 is fastest" and "Platform 4"
    And Ada has started a run of "advisor" asking "How do I get to Leeds?"
    And the run completes
    And Ada has asked the run "Which train?"
    When Ada asks the run "Which platform?" and it is answered
    Then each of the advisor agent's requests carried every earlier question and answer, in order

  @WF-08
  Scenario: What a tool produced stays readable, intact, after the run
    Given Ada has a workflow "export" whose exporter agent looks up "Q3" with the "ledger" tool
    And the "ledger" tool answers with a report of 200 KB
    When Ada starts a run of "export" asking "Export Q3"
    Then the run completes without further input
    And the "ledger" tool's answer can be read back intact from the run's steps and messages
