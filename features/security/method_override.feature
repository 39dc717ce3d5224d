Feature: A GET never changes anything
  The method of a request is the one on its request line. Headers that frameworks have honoured to
  tunnel one method through another (X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override) are
  ignored: a GET reads, whatever it carries. Links, prefetchers and caches send GETs nobody asked
  for, and a page a user visits can make her browser send one; none of them may create, change or
  delete her things.

  Background:
    Given Ada has a project
    And Ada has a run "private" that is still running
    And Ada has registered an agent profile "private analyst" that can "forecasting" and "pricing"
    And Ada has a context item "pricing sheet" saying "Gold plan: 40 EUR a month"

  @SEC-05
  Scenario Outline: A GET of <what> that asks to be a <method> changes nothing
    When Ada reads <what> with each method-override header set to <method>
    Then every answer is the answer to a read
    And nothing changed in Ada's project

    Examples: collections, where a POST would create
      | what                    | method |
      | her runs                | POST   |
      | the messages of her run | POST   |
      | the agent profiles      | POST   |

    Examples: items, where another method would change or delete
      | what              | method |
      | her project       | DELETE |
      | her project       | PATCH  |
      | her run           | DELETE |
      | her run           | PUT    |
      | her workflow      | DELETE |
      | her workflow      | PUT    |
      | her context item  | DELETE |
      | her context item  | PATCH  |
      | her agent profile | DELETE |
      | her agent profile | PUT    |
