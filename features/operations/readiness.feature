Feature: Readiness of the target
  A target says when it and its store are ready to serve. The kit waits for that before any
  scenario runs, so a failing scenario never means "the server was still starting".

  @OPS-01
  Scenario: The target reports itself and its store ready
    When the kit asks the target whether it is ready
    Then the target reports that it is up
    And the target reports that its store is up
    And the kit had waited for that answer before running any scenario
