Feature: When the model or a tool fails
  Real models time out, rate-limit, answer garbage or nothing at all; real tools fail now and
  then. An orchestrator retries what may succeed, waits as long as it is asked to, hands a node
  to its fallback where the workflow says so, and otherwise fails the run cleanly: it names the
  node, runs nothing downstream, and asks nothing more of anyone once the run has ended.

  Background:
    Given Ada has a project

  @WF-03
  Scenario: A transient model error is retried and the run still completes
    Given Ada has a workflow "forecast" with a forecast agent allowed 3 attempts, 300 ms apart
    And the model fails the forecast agent 2 times with 503, then answers "Rain by noon"
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run completes without further input
    And the run's output summary is "Rain by noon"
    And the forecast agent was asked 3 times, as attempts 1, 2 and 3 of one request
    And each retry of the forecast agent waited at least the node's backoff
    And the run has one model step per attempt, the failed ones FAILED and the last COMPLETED

  @FAIL-01
  Scenario: A model that does not answer within the node's timeout
    Given Ada has a workflow "forecast" with a forecast agent allowed 2 attempts of 500 ms each
    And the model never answers the forecast agent in time
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run fails within 10 seconds, naming the forecast agent
    And the forecast agent was asked 2 times, as attempts 1 and 2 of one request

  @FAIL-02
  Scenario: A tool that fails once and succeeds on retry
    Given Ada has a workflow "stock check" whose agent consults the "inventory" tool once, allowed 2 attempts
    And the "inventory" tool fails once with 500, then answers
    When Ada starts a run of "stock check" asking "Do we have bolts?"
    Then the run completes without further input
    And the "inventory" tool was called 2 times for the same tool call, as attempts 1 and 2

  @FAIL-03
  Scenario: A failing agent is replaced by its declared fallback
    Given Ada has a workflow "forecast" whose forecast agent, allowed 2 attempts, falls back to a backup agent with the model "backup-model"
    And the model fails the forecast agent 2 times with 500, then answers "Cloudy, says the backup"
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run completes without further input
    And the run's output summary is "Cloudy, says the backup"
    And the forecast agent's last request asked for the model "backup-model", after 2 attempts with its own model
    And the forecast node was played by the backup agent

  @FAIL-04
  Scenario Outline: A model answer that cannot be read fails the run cleanly: <answer>
    Given Ada has a workflow "forecast" with a forecast agent allowed 2 attempts, 100 ms apart
    And the model answers the forecast agent with <answer>, every time
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run fails within 10 seconds, naming the forecast agent
    And the forecast agent was asked 2 times, as attempts 1 and 2 of one request

    Examples:
      | answer                                       |
      | a body that is not a Chat Completions answer |
      | a connection reset                           |
      | an answer cut off after 3 chunks             |

  @FAIL-04
  Scenario Outline: A model that refuses the request fails the node at once, without a retry: <refusal>
    Given Ada has a workflow "forecast" with a forecast agent allowed 3 attempts, 50 ms apart
    And the model answers the forecast agent with <refusal>, every time
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run fails within 10 seconds, naming the forecast agent
    And the forecast agent was asked once, and not again after its refusal

    Examples:
      | refusal                    |
      | a 400 Bad Request          |
      | a 401 Unauthorized         |
      | a 404 Not Found            |
      | a 422 Unprocessable Entity |

  @FAIL-05
  Scenario: An empty model answer is a failure, never an empty success
    Given Ada has a workflow "forecast" with a forecast agent allowed 2 attempts, 100 ms apart
    And the model answers the forecast agent with an empty answer, every time
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run fails within 10 seconds, naming the forecast agent

  @FAIL-06
  Scenario Outline: A rate-limited model is retried no sooner than it asked: <header>
    Given Ada has a workflow "forecast" with a forecast agent allowed 3 attempts, 50 ms apart
    And the model rate-limits the forecast agent 2 times, asking to wait <wait> ms by <header>, then answers "Sunny"
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run completes without further input
    And each retry of the forecast agent waited at least what the model asked for

    Examples:
      | wait | header         |
      | 1000 | Retry-After    |
      | 700  | retry-after-ms |

  @FAIL-06
  Scenario: A model that keeps rate-limiting is given up on after the node's attempts
    Given Ada has a workflow "forecast" with a forecast agent allowed 3 attempts, 50 ms apart
    And the model keeps rate-limiting the forecast agent, asking to wait 200 ms by retry-after-ms
    When Ada starts a run of "forecast" asking "Will it rain?"
    Then the run fails within 10 seconds, naming the forecast agent
    And the forecast agent was asked 3 times, as attempts 1, 2 and 3 of one request
    And each retry of the forecast agent waited at least what the model asked for

  @FAIL-07
  Scenario: A failed node stops the work downstream and the run names it
    Given Ada has a workflow "report" where a collector agent hands over to a writer agent
    And the model keeps failing the collector agent with 500
    When Ada starts a run of "report" asking "Write the report"
    Then the run fails within 10 seconds, naming the collector agent
    And the writer agent was never asked
    And the writer node was SKIPPED

  @FAIL-08
  Scenario: Once a run has failed, nothing more is asked for it
    Given Ada has a workflow "survey" where a north agent fails while a south agent is still at work
    When Ada starts a run of "survey" asking "How are the regions?"
    Then the run fails within 10 seconds, naming the north agent
    And the south node was CANCELLED
    And no model or tool call is made for the run once it failed, even when the south agent could go on

  @FAIL-09
  Scenario: After a burst of failures the target serves new runs normally
    Given Ada has a workflow "broken" whose model keeps failing
    And Ada has a workflow "healthy" whose agent answers "All good"
    When Ada runs "broken" 5 times at once and every run fails
    And Ada starts a run of "healthy" asking "Still there?"
    Then the run completes without further input
    And the run's output summary is "All good"

  @FAIL-10
  Scenario: One run failing leaves the runs beside it untouched
    Given Ada has a workflow "broken" whose model keeps failing
    And Ada has a workflow "steady" whose agent answers "All good" after 1000 ms
    When Ada starts 3 runs of "steady" and one run of "broken" at once
    Then the run of "broken" fails, naming its agent
    And each run of "steady" completes with "All good", one model call and no failed step
