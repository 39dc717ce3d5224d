Feature: Oversized bodies and hostile ids
  A body above the target's limit (1 MiB, or the lower one it declares) is refused as too large. An id made to traverse
  paths, inject queries or scripts, or that is simply very long or exotic, finds nothing. Neither
  ever causes a server error, and neither creates or changes anything.

  Background:
    Given Ada has a project
    And Ada has a run "private" that is still running

  @SEC-04
  Scenario Outline: An oversized <part> is refused as too large
    When Ada sends <part> of 2 MiB
    Then the request is refused as too large
    And nothing changed in Ada's project

    Examples:
      | part                            |
      | a run's query                   |
      | a message                       |
      | a project's name                |
      | a context item's content        |
      | a workflow's instructions       |
      | an agent profile's description |

  @SEC-04
  Scenario Outline: A hostile id finds nothing (<id> as <role>)
    When Ada uses <id> as <role>
    Then the request is refused as not found or as a bad request
    And nothing changed in Ada's project

    Examples:
      | role                        | id                                   |
      | the id of a run she reads   | ../../etc/passwd                     |
      | the id of a run she reads   | ..\..\windows\win.ini                |
      | the id of a run she reads   | ' OR '1'='1                          |
      | the id of a run she reads   | 1; DROP TABLE agent_runs; --         |
      | the id of a run she reads   | <script>alert(1)</script>            |
      | the id of a run she reads   | ${jndi:ldap://127.0.0.1:1/a}         |
      | the id of a run she reads   | {{7*7}}                              |
      | the id of a run she reads   | \u0000                               |
      | the id of a run she reads   | run\r\\nX-Injected: yes              |
      | the id of a run she reads   | ранний-запуск                        |
      | the id of a run she reads   | 🤖🤖🤖                               |
      | the id of a run she reads   | \u202Egnp.exe                        |
      | the id of a run she reads   | (300 characters)                     |
      | the id of a run she reads   | (4000 characters)                    |
      | the id of a run she reads   | %                                    |
      | the id of a run she reads   | *                                    |
      | the id of a project she reads | ../../etc/passwd                   |
      | the id of a project she reads | ' OR 1=1 --                        |
      | the id of a project she reads | \u0000                             |
      | the id of a project she reads | (300 characters)                   |
      | the id of a run she cancels | ' OR '1'='1                          |
      | the id of a run she cancels | ../private                           |
      | the id of a run she writes to | <img src=x onerror=alert(1)>       |
      | the id of a run she writes to | 1 UNION SELECT * FROM agent_runs   |
      | the id of an agent profile she reads | ../../etc/passwd            |
      | the id of an agent profile she reads | supervisor' --              |
      | the workflow id of a run she starts | ' OR '1'='1                  |
      | the workflow id of a run she starts | ../../etc/passwd             |
      | the workflow id of a run she starts | (300 characters)             |
      | the workflow id of a run she starts | wf_é                         |
      | the workflow id of a run she starts | wf_😀                        |
      | a context item id of a run she starts | ' OR '1'='1                |
      | a context item id of a run she starts | \u0000                     |
