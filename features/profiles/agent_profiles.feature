Feature: Agent profiles
  The agents a workflow can use: the target's built-in ones and those Ada registered herself.
  Each says who it is and what it can do.

  @API-9.1
  Scenario: Every agent profile describes itself
    Given Ada has registered an agent profile "invoice checker" that can "billing" and "auditing"
    When Ada lists the agent profiles
    Then every profile has an id, a name, a description and its capabilities
    And the list includes "invoice checker" as she registered it

  @API-9.2
  Scenario: One agent profile is read with all its fields
    Given Ada has registered an agent profile "invoice checker" that can "billing" and "auditing"
    When Ada reads the agent profile "invoice checker"
    Then she sees "invoice checker" with every field, as she registered it

  @API-9.3
  Scenario: Reading an agent profile that does not exist
    When Ada reads an agent profile that does not exist
    Then she is told "Agent not found"
