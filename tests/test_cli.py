"""`flask --app webapp content check` on the shipped content and on broken content."""
from __future__ import annotations

import shutil
from pathlib import Path

from webapp import create_app
from webapp.cli import content_cli

MINI = Path(__file__).parent / "fixtures" / "mini"


def run_check(tmp_path, *args, env=None):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    return app.test_cli_runner().invoke(content_cli, ["check", *args], env=env)


def test_shipped_content_passes(tmp_path):
    result = run_check(tmp_path)
    assert result.exit_code == 0, result.output
    assert "6 lessons, 6 quizzes" in result.output and "no problems" in result.output


def test_broken_content_exits_1_and_names_file_question_and_field(tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(MINI, root)
    quiz = root / "quizzes" / "mini.yaml"
    quiz.write_text(quiz.read_text().replace("    answer: a\n", "    answer: z\n"))
    result = run_check(tmp_path, "--root", str(root), "--no-standards",
                       env={"CROSSINGS_SOURCES_DIR": str(Path(__file__).parent / "fixtures" / "mini-texts")})
    assert result.exit_code == 1
    assert "quizzes/mini.yaml:12: question mini-when: field 'answer': 'z' is not among the choices (a, b)" in result.output
    assert "1 problem" in result.output


def test_says_clearly_when_the_full_texts_are_absent(tmp_path):
    result = run_check(tmp_path, "--root", str(MINI), "--no-standards",
                       env={"CROSSINGS_SOURCES_DIR": str(tmp_path / "nowhere")})
    assert result.exit_code == 0
    assert "quotes were NOT checked against the full texts" in result.output


def test_malformed_yaml_reports_the_line_not_a_traceback(tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(MINI, root)
    (root / "quizzes" / "mini.yaml").write_text("lesson: mini\nquestions:\n  - id: [oops\n")
    result = run_check(tmp_path, "--root", str(root))
    assert result.exit_code == 1
    assert "quizzes/mini.yaml:4: not valid YAML" in result.output
    assert "Traceback" not in result.output
