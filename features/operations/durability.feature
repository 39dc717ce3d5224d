Feature: What the target acknowledged survives a restart
  A 2xx means kept: after the target restarts (a crash included) every project, workflow, run and
  message it acknowledged is there, and the runs the restart interrupted end without anyone's help
  (spec/README.md, "Durability and restarts"). The kit restarts the bundled reference server
  itself (kill -9); a vendor gives a restart command, or the case is not claimed.

  @OPS-02 @restarts-target @isolated
  Scenario: A restart keeps what was acknowledged and ends the runs it interrupted
    Given Ada has a project that runs one run at a time
    And Ada has a run "done" that completed
    And Ada has a workflow "research" whose agent takes its time to answer
    And Ada has a run "busy" of "research" that is still running
    And Ada has a run "queued" of "research" that is waiting for its turn
    When the target is restarted
    Then every project, workflow, run and message the target acknowledged is still there
    And run "done" is still COMPLETED
    When the research agent is allowed to answer
    Then run "queued" runs to its end and is COMPLETED
    And run "busy" ends COMPLETED, or FAILED saying why
