"""Who may use the LTI routes (see test_authorization.py). The LMS's launch routes are public by design:
the LMS sends any browser there, and the signed id_token, the state cookie and the nonce decide."""
from access import ADMIN, OWNER_TEACHER, PUBLIC, TEACHER

ACCESS = {
    ("lti.login", "GET"): PUBLIC,
    ("lti.login", "POST"): PUBLIC,
    ("lti.launch", "POST"): PUBLIC,
    ("lti.jwks", "GET"): PUBLIC,
    ("lti.pick", "GET"): TEACHER,
    ("lti.pick", "POST"): TEACHER,
    ("lti.sync_roster", "POST"): OWNER_TEACHER,
    ("lti.admin", "GET"): ADMIN,
    ("lti.admin", "POST"): ADMIN,
    ("lti.remove_platform", "POST"): ADMIN,
}
