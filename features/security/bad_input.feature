Feature: Malformed input
  Input that is not what the contract describes (broken JSON, a value of the wrong type, a missing
  field, a value outside its enumeration or range) is refused as a bad request with a problem
  document. It never causes a server error, and it never creates or changes anything.

  Background:
    Given Ada has a project
    And Ada has a run "private" that is still running
    And Ada has a context item "pricing sheet" saying "Gold plan: 40 EUR a month"

  @SEC-03
  Scenario Outline: A run is not started from malformed input (<what is wrong>)
    When Ada starts a run from the input <input>
    Then the request is refused as a bad request
    And nothing changed in Ada's project

    Examples:
      | what is wrong                 | input                                                                        |
      | JSON cut short                | {"workflowId": "{workflow}", "inputQuery":                                   |
      | not JSON at all               | workflowId={workflow}&inputQuery=Hello                                       |
      | an empty body                 | (empty)                                                                      |
      | an array instead of an object | [{"workflowId": "{workflow}", "inputQuery": "Hello"}]                        |
      | a string instead of an object | "Hello"                                                                      |
      | null instead of an object     | null                                                                         |
      | a trailing comma              | {"workflowId": "{workflow}", "inputQuery": "Hello",}                         |
      | two documents                 | {"workflowId": "{workflow}", "inputQuery": "Hello"} {"inputQuery": "again"}  |
      | single quotes                 | {'workflowId': '{workflow}', 'inputQuery': 'Hello'}                          |
      | a number as workflow id       | {"workflowId": 42, "inputQuery": "Hello"}                                    |
      | null as workflow id           | {"workflowId": null, "inputQuery": "Hello"}                                  |
      | no workflow id                | {"inputQuery": "Hello"}                                                      |
      | no query                      | {"workflowId": "{workflow}"}                                                 |
      | a number as query             | {"workflowId": "{workflow}", "inputQuery": 42}                               |
      | a list as query               | {"workflowId": "{workflow}", "inputQuery": ["Hello"]}                        |
      | an object as query            | {"workflowId": "{workflow}", "inputQuery": {"text": "Hello"}}                |
      | a boolean as query            | {"workflowId": "{workflow}", "inputQuery": true}                             |
      | a string as context items     | {"workflowId": "{workflow}", "inputQuery": "Hello", "contextItemIds": "all"} |
      | numbers as context items      | {"workflowId": "{workflow}", "inputQuery": "Hello", "contextItemIds": [1, 2]} |
      | null among context items      | {"workflowId": "{workflow}", "inputQuery": "Hello", "contextItemIds": [null]} |

  @SEC-03
  Scenario Outline: A message is not added from malformed input (<what is wrong>)
    When Ada sends her run a message from the input <input>
    Then the request is refused as a bad request
    And nothing changed in Ada's project

    Examples:
      | what is wrong                 | input                                                       |
      | JSON cut short                | {"content": "Hello                                          |
      | an empty object               | {}                                                          |
      | an empty body                 | (empty)                                                     |
      | a number as content           | {"content": 42}                                             |
      | null as content               | {"content": null}                                           |
      | a list as content             | {"content": ["Hello"]}                                      |
      | blank content                 | {"content": "   "}                                          |
      | an array instead of an object | [{"content": "Hello"}]                                      |
      | a string as context items     | {"content": "Hello", "contextItemIds": "all"}               |
      | booleans as context items     | {"content": "Hello", "contextItemIds": [true]}              |
      | an unknown context item       | {"content": "Hello", "contextItemIds": ["ctx_not_there"]}   |

  @SEC-03
  Scenario Outline: A listing is not read with malformed parameters (<parameters> for <listing>)
    When Ada reads <listing> with the parameters <parameters>
    Then the request is refused as a bad request
    And nothing changed in Ada's project

    Examples:
      | listing              | parameters            |
      | her runs             | status=DONE           |
      | her runs             | status=running        |
      | her runs             | limit=0               |
      | her runs             | limit=101             |
      | her runs             | limit=-5              |
      | her runs             | limit=ten             |
      | her runs             | limit=2.5             |
      | her runs             | cursor=not-a-cursor   |
      | the steps of her run | limit=0               |
      | the steps of her run | cursor=forged         |
      | the messages of her run | role=robot         |
      | the messages of her run | type=shout         |
      | the messages of her run | limit=1000         |

  @SEC-03
  Scenario Outline: Nothing is created from malformed input (<what is wrong> for <a new thing>)
    When Ada creates <a new thing> from the input <input>
    Then the request is refused as a bad request
    And nothing changed in Ada's project

    Examples:
      | a new thing    | what is wrong                | input                                                                                                           |
      | a project      | a number as name             | {"name": 42}                                                                                                    |
      | a project      | no name                      | {"maxConcurrentRuns": 2}                                                                                        |
      | a project      | a string as concurrency      | {"name": "Ops", "maxConcurrentRuns": "four"}                                                                    |
      | a project      | zero concurrency             | {"name": "Ops", "maxConcurrentRuns": 0}                                                                         |
      | a workflow     | no nodes                     | {"name": "Flow", "nodes": []}                                                                                   |
      | a workflow     | a string as nodes            | {"name": "Flow", "nodes": "all of them"}                                                                        |
      | a workflow     | an unknown agent             | {"name": "Flow", "nodes": [{"id": "a", "agentId": "agent_not_there", "model": "gpt-4o-mini"}]}                  |
      | a workflow     | a dependency on no node      | {"name": "Flow", "nodes": [{"id": "a", "agentId": "{profile}", "model": "gpt-4o-mini", "dependsOn": ["ghost"]}]} |
      | a workflow     | a cycle                      | {"name": "Flow", "nodes": [{"id": "a", "agentId": "{profile}", "model": "m", "dependsOn": ["b"]}, {"id": "b", "agentId": "{profile}", "model": "m", "dependsOn": ["a"]}]} |
      | a workflow     | a string as attempts         | {"name": "Flow", "nodes": [{"id": "a", "agentId": "{profile}", "model": "gpt-4o-mini", "maxAttempts": "three"}]} |
      | a workflow     | two nodes with one id        | {"name": "Flow", "nodes": [{"id": "a", "agentId": "{profile}", "model": "m"}, {"id": "a", "agentId": "{profile}", "model": "m"}]} |
      | a context item | no content                   | {"name": "Notes"}                                                                                               |
      | a context item | a number as name             | {"name": 7, "content": "Notes"}                                                                                 |
      | an agent profile | no name                    | {"description": "Nameless", "capabilities": []}                                                                 |
      | an agent profile | a string as capabilities   | {"name": "Helper", "description": "Helps", "capabilities": "everything"}                                        |
      | a project      | an overlong "/" (C0 AF)      | {"name": "(bytes C0 AF)etc"}                                                                                    |
      | a project      | a code point above U+10FFFF  | {"name": "(bytes F4 90 80 80)"}                                                                                 |
      | a project      | a UTF-8 encoded surrogate    | {"name": "(bytes ED A0 80)"}                                                                                    |
      | a context item | a lone high surrogate escape | {"name": "Notes", "content": "\ud800"}                                                                          |
      | a context item | a lone low surrogate escape  | {"name": "Notes \udc00", "content": "Notes"}                                                                     |
      | an agent profile | a surrogate escape as a key | {"name": "Helper", "description": "Helps", "capabilities": [], "\ud800": true}                                 |

  @SEC-03
  Scenario Outline: A cursor the target issued is not taken back altered (<alteration>)
    Given Ada has a run "done" that completed
    When Ada reads her runs with a cursor the target issued, <alteration>
    Then the request is refused as a bad request
    And nothing changed in Ada's project

    Examples:
      | alteration                        |
      | with "==" appended                |
      | with "=" appended                 |
      | with its last character changed   |
      | with its first character left out |
