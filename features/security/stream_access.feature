Feature: Who may follow a run's stream
  A stream subscription needs valid credentials, given on the upgrade or in the URL, and shows
  only the subscriber's own runs: another user's run is refused exactly like a run that does not
  exist.

  Background:
    Given Ada has a project
    And Ada has a run "private" that completed

  @SEC-01
  Scenario Outline: A stream subscription without valid credentials is refused (<credentials>)
    When someone subscribes to the run's stream with <credentials>
    Then the stream is refused as unauthorized

    Examples:
      | credentials                 |
      | no credentials              |
      | an unknown token            |
      | an unknown token in the URL |

  @SEC-02 @WS-04
  Scenario: Grace can neither follow Ada's run nor learn that it exists
    When Grace subscribes to the run's stream
    Then her stream is refused exactly as for a run that does not exist
