Feature: Other users' resources
  Grace works on the same target as Ada. To Grace, Ada's projects, runs, workflows, context items
  and agent profiles do not exist: she can neither read nor change them, nor learn that they exist.

  Background:
    Given Ada has a project
    And Ada has a run "private" that is still running
    And Ada has registered an agent profile "private analyst" that can "forecasting" and "pricing"
    And Ada has a context item "salary bands" saying "Confidential: band C starts at 90k"

  @SEC-02
  Scenario Outline: Grace <request>: not found, as if it did not exist
    When Grace <request>
    Then she is told it was not found, as if it did not exist
    And nothing changed in Ada's project

    Examples:
      | request                              |
      | reads Ada's project                  |
      | lists Ada's runs                     |
      | reads Ada's run                      |
      | starts a run in Ada's project        |
      | lists the steps of Ada's run         |
      | reads the node states of Ada's run   |
      | lists the messages of Ada's run      |
      | sends Ada's run a message            |
      | cancels Ada's run                    |
      | reads Ada's agent profile            |
      | creates a workflow in Ada's project  |
      | reads Ada's workflow                 |
      | deletes Ada's workflow               |
      | adds a context item to Ada's project |
      | reads Ada's context item             |

  @SEC-02
  Scenario: Grace's list of agent profiles leaves out Ada's own
    When Grace looks through the agent profiles
    Then the list does not include "private analyst"
