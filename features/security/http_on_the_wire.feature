Feature: What the target makes of the request itself
  Whatever HTTP stack a target runs on, nothing a client sends produces a server error. A request
  line of a later HTTP/1 minor version is answered as HTTP/1.1 (RFC 9110, section 2.5); one with no
  version at all (HTTP/0.9) is refused or the connection closed. A body declared over the limit is
  refused from its declared length at once: the target does not wait for a body it will refuse,
  nor tell a client that asks first to go on and send it.

  @SEC-03
  Scenario: A request line of HTTP/1.2 is answered as HTTP/1.1
    When Ada asks for the target's health with the request line "GET /api/health HTTP/1.2"
    Then the target answers as to HTTP/1.1, with its health

  @SEC-03
  Scenario: A request line without a version is refused, never a server error
    When Ada asks for the target's health with the request line "GET /api/health"
    Then the target refuses it as a bad request or closes the connection without an answer

  @SEC-04
  Scenario: A body declared far over the limit is refused at once, though none of it is sent
    When Ada declares a body of 1000000000000000 bytes to create a project and sends none of it
    Then the request is refused as too large without waiting for the body

  @SEC-04
  Scenario: A body over the limit is refused, not continued, when the client asks before sending it
    When Ada declares a body of 2 MiB to create a project, asking to be told to go on first
    Then the request is refused as too large without waiting for the body
