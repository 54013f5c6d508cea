"""A OneRoster 1.1 or 1.2 CSV bundle: a zip of manifest.csv, orgs.csv, users.csv, classes.csv,
enrollments.csv (and others, which are not read).

Only students are read: enrollments whose ``role`` is ``student`` (both versions keep the role
on the enrollment; 1.2 moved the user's own roles to roles.csv). The user's ``sourcedId``
and ``identifier`` (the school's student number) are kept so that a re-import finds the same
students. As the specification says: headers are case-sensitive there but matched in any case
here, booleans are ``true``/``false`` in any case, a blank ``status`` (bulk files) means
active, ``tobedeleted`` rows are left out, and ``ext_`` columns are ignored.
"""
from __future__ import annotations

from .files import Problem, RosterFile, RosterFileError, Row, read_csv, unzip
from .names import MAX_NAME, from_parts

MANIFEST, USERS, CLASSES, ENROLLMENTS, ORGS = "manifest.csv", "users.csv", "classes.csv", "enrollments.csv", "orgs.csv"
REQUIRED = (USERS, CLASSES, ENROLLMENTS)
VERSIONS = ("1.0", "1.1", "1.2")


def boolean(value: str) -> bool | None:
    """``true``/``false`` in any case; blank counts as true (the field is optional); else None."""
    value = value.strip().lower()
    return True if value in ("", "true") else False if value == "false" else None


def _needs(header: list[str], file: str, *columns: str) -> None:
    missing = [c for c in columns if c.lower() not in header]
    if missing:
        raise RosterFileError(f"{file} has no {', '.join(missing)} column: is this a OneRoster export?")


def _check_manifest(texts: dict[str, str]) -> None:
    if MANIFEST not in texts:
        return
    _, rows = read_csv(texts[MANIFEST], MANIFEST)
    props = {cells.get("propertyname", "").lower(): cells.get("value", "").strip().lower() for _, cells in rows}
    version = props.get("oneroster.version", "")
    if version and version not in VERSIONS:
        raise RosterFileError(f"manifest.csv says OneRoster version {version}; Crossings reads 1.1 and 1.2.")
    for file in REQUIRED:
        if props.get(f"file.{file[:-4].lower()}") == "absent":
            raise RosterFileError(f"manifest.csv says the bundle has no {file}; export it with users, classes "
                                  "and enrollments.")


def _classes(text: str) -> dict[str, str]:
    header, rows = read_csv(text, CLASSES)
    _needs(header, CLASSES, "sourcedId", "title")
    return {cells["sourcedid"]: cells.get("title") or cells["sourcedid"] for _, cells in rows
            if cells.get("sourcedid") and cells.get("status", "").lower() != "tobedeleted"}


def _users(text: str) -> tuple[dict[str, Row], dict[str, Problem]]:
    """Users by sourcedId, and the users that can't be imported (with why)."""
    header, rows = read_csv(text, USERS)
    _needs(header, USERS, "sourcedId", "givenName", "familyName")
    users, problems = {}, {}
    for line, cells in rows:
        sourced_id = cells.get("sourcedid", "")
        if not sourced_id:
            continue  # nothing can refer to it
        given, family = cells.get("givenname", ""), cells.get("familyname", "")
        preferred = cells.get("preferredgivenname", "")  # 1.2
        enabled = boolean(cells.get("enableduser", ""))
        reason = ("it is marked to be deleted (status tobedeleted)" if cells.get("status", "").lower() == "tobedeleted"
                  else "enabledUser is neither true nor false" if enabled is None
                  else "the account is turned off in the school's system (enabledUser false)" if not enabled
                  else "no givenName or familyName" if not (given or family)
                  else f"the name is longer than {MAX_NAME} characters" if len(given + family) > MAX_NAME
                  else "the identifier (student number) is longer than 64 characters"
                  if len(cells.get("identifier", "")) > 64 else None)
        if reason:
            problems[sourced_id] = Problem(USERS, line, reason)
            continue
        given = preferred or given
        name = from_parts(given, family)
        users[sourced_id] = Row(USERS, line, name, sourced_id=sourced_id[:255],
                                student_number=cells.get("identifier", ""))
    return users, problems


def read(data: bytes) -> RosterFile:
    texts = unzip(data, {MANIFEST, USERS, CLASSES, ENROLLMENTS, ORGS})
    missing = [f for f in REQUIRED if f not in texts]
    if missing:
        raise RosterFileError(f"The zip has no {', '.join(missing)}: a OneRoster export holds users.csv, "
                              "classes.csv and enrollments.csv.")
    _check_manifest(texts)
    result = RosterFile(classes=_classes(texts[CLASSES]))
    users, user_problems = _users(texts[USERS])
    header, rows = read_csv(texts[ENROLLMENTS], ENROLLMENTS)
    _needs(header, ENROLLMENTS, "classSourcedId", "userSourcedId", "role")
    seen: set[tuple[str, str]] = set()
    for line, cells in rows:
        if cells.get("role", "").lower() != "student" or cells.get("status", "").lower() == "tobedeleted":
            continue
        class_id, user_id = cells.get("classsourcedid", ""), cells.get("usersourcedid", "")
        problem = ("no classSourcedId" if not class_id else "no userSourcedId" if not user_id
                   else f"class {class_id} is not in classes.csv" if class_id not in result.classes
                   else None)
        if problem:
            result.problems.append(Problem(ENROLLMENTS, line, problem))
        elif user_id in user_problems:
            result.problems_by_class.setdefault(class_id, []).append(user_problems[user_id])
        elif user_id not in users:
            result.problems_by_class.setdefault(class_id, []).append(
                Problem(ENROLLMENTS, line, f"user {user_id} is not in users.csv"))
        elif (class_id, user_id) not in seen:
            seen.add((class_id, user_id))
            result.by_class.setdefault(class_id, []).append(users[user_id])
    return result
