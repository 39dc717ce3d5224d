Feature: Credentials
  Only a user with a valid bearer token gets in. Anything else is refused as unauthorized before
  it can read or change anything.

  Background:
    Given Ada has a project
    And Ada has a run "private" that is still running

  @SEC-01
  Scenario Outline: Someone without valid credentials <request>: refused
    When someone <request> with <credentials>
    Then the request is refused as unauthorized
    And nothing changed in Ada's project

    Examples:
      | request                              | credentials                     |
      | reads Ada's project                  | no credentials                  |
      | lists Ada's runs                     | an unknown token                |
      | reads Ada's run                      | no credentials                  |
      | starts a run in Ada's project        | an unknown token                |
      | lists the steps of Ada's run         | an empty bearer token           |
      | reads the node states of Ada's run   | Ada's token under another scheme |
      | lists the messages of Ada's run      | Ada's token with one character changed |
      | sends Ada's run a message            | no credentials                  |
      | cancels Ada's run                    | an unknown token                |
      | lists the agent profiles             | no credentials                  |
      | reads Ada's agent profile            | Ada's token without a scheme    |
      | registers an agent profile           | an unknown token                |
      | creates a project                    | no credentials                  |
      | creates a workflow in Ada's project  | Ada's token with one character changed |
      | reads Ada's workflow                 | an empty bearer token           |
      | deletes Ada's workflow               | no credentials                  |
      | adds a context item to Ada's project | Ada's token under another scheme |
      | reads Ada's context item             | an unknown token                |
