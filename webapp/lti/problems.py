"""Refused launches: what went wrong, in plain words, and what the person can do about it.

Every refusal is a page with a status (400 for a request we can't read, 403 for one we won't
accept), never a stack trace, and nothing is changed by it.
"""
from __future__ import annotations

from dataclasses import dataclass

import jwt
from pylti1p3.exception import LtiException, OIDCException

ASK_ADMIN = "Ask whoever runs Crossings at your school to check the LMS registration on the LMS page."
GO_BACK = "Go back to your course in the LMS and open the link again."


@dataclass(frozen=True)
class Problem:
    code: int
    title: str
    message: str


PROBLEMS = {
    "cookies": Problem(403, "Your browser blocked Crossings inside the LMS page",
                       "Crossings needs a cookie to check that this launch is yours, and your browser did not "
                       "send it back inside the LMS page (browsers often block cookies in embedded pages). "
                       "Open Crossings in a new window instead: the button below does the same launch there."),
    "unknown_platform": Problem(403, "This LMS is not registered with Crossings",
                                "The launch came from an LMS, or an LMS registration (client id), that Crossings "
                                "does not know, so it can't trust it. " + ASK_ADMIN),
    "unknown_deployment": Problem(403, "This LMS deployment is not registered with Crossings",
                                  "Crossings knows this LMS, but not the deployment (the place Crossings was "
                                  "installed) this launch came from. " + ASK_ADMIN),
    "expired": Problem(403, "This launch has expired",
                       "The sign-in message from your LMS is only good for a few minutes, and this one is too old. "
                       + GO_BACK),
    "bad_signature": Problem(403, "This launch could not be checked",
                             "The sign-in message was not signed by the LMS Crossings knows. " + ASK_ADMIN),
    "replayed": Problem(403, "This launch was already used",
                        "Each launch from your LMS works once, and this one was already used (reloading the page "
                        "sends it again). " + GO_BACK),
    "role": Problem(403, "Crossings is for teachers and students",
                    "Your role in this LMS course is neither a teacher (instructor) nor a student (learner), so "
                    "Crossings can't tell what to show you."),
    "role_changed": Problem(403, "Your role in Crossings is different",
                            "Your LMS account was first seen in Crossings with another role (a student account "
                            "can't open a teacher's class, or the other way round). Ask your teacher for help."),
    "no_course": Problem(400, "Open Crossings from a course",
                         "This launch did not say which course it came from. Open Crossings from a link inside a "
                         "course in your LMS."),
    "no_class": Problem(403, "Your teacher hasn't set up Crossings in this course yet",
                        "Crossings makes a class for a course the first time the teacher opens it from the course. "
                        "Ask your teacher to open Crossings from the course, then try again."),
    "not_your_class": Problem(403, "This course's Crossings class belongs to another teacher",
                              "The class for this course was made by the teacher who opened Crossings from it "
                              "first. Sharing a class between teachers is not possible yet."),
    "anonymous": Problem(403, "Crossings needs to know who you are",
                         "The LMS did not send a user id with this launch (it may be set to send launches "
                         "anonymously). " + ASK_ADMIN),
    "busy": Problem(403, "Two launches arrived at once", GO_BACK),
    "bad_request": Problem(400, "This isn't a launch Crossings can read",
                           "Crossings opens from a link in your LMS. If you followed such a link, " + GO_BACK[0].lower()
                           + GO_BACK[1:]),
    "no_deep_link": Problem(400, "Choose lessons from your course",
                            "Picking lessons starts from the LMS: in your course, add an activity or external tool "
                            "and choose Crossings. The choice you started here has expired or was already sent."),
}


class LaunchRefused(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind

    @property
    def problem(self) -> Problem:
        return PROBLEMS[self.kind]


def refusal(error: Exception) -> LaunchRefused:
    """The LTI library's exception as one of our kinds (its messages are for developers, not people)."""
    text = str(error)
    if isinstance(error.__cause__, jwt.ExpiredSignatureError):
        return LaunchRefused("expired")
    if "State not found" in text:
        return LaunchRefused("cookies")
    if isinstance(error, OIDCException) and "registration" in text or "Registration not found" in text \
            or "Client id not registered" in text:
        return LaunchRefused("unknown_platform")
    if "deployment ID" in text:
        return LaunchRefused("unknown_deployment")
    if "Can't decode id_token" in text or isinstance(error, LtiException) and "public key" in text:
        return LaunchRefused("bad_signature")
    return LaunchRefused("bad_request")
