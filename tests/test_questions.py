"""Questions and answers on a pilot: who may ask, answer, mark helpful and hide, who sees what."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Answer, Event, Question
from registry.models.vocab import Role
from registry.services import projects, questions
from registry.services.errors import Invalid, NotAllowed
from tests.test_projects_support import in_request  # noqa: F401  (fixture used by name)


@pytest.fixture
def pilot(make_project):
    """A public pilot of Meppel (GM0119) with Zwolle (GM0193) as partner."""
    return make_project(owner="GM0119", partners=("GM0193",), title="Slimme afvalbakken")


@pytest.fixture
def people(make_user):
    """The pilot's owner and partner, an outsider who asks, another outsider and a curator."""
    return {
        "owner": make_user(org="GM0119", name="Olga Eigenaar"),
        "partner": make_user(org="GM0193", name="Piet Partner"),
        "asker": make_user(org="GM0344", name="Vera Vrager"),
        "other": make_user(org="GM0363", name="Otto Ander"),
        "curator": make_user(org="vng", role=Role.CURATOR, name="Cor Curator"),
    }


def verbs(subject_type: str) -> list[str]:
    return list(
        db.session.scalars(
            select(Event.verb).where(Event.subject_type == subject_type).order_by(Event.id)
        )
    )


# --- The rules, without HTTP ------------------------------------------------------------


@pytest.mark.usefixtures("in_request")
def test_a_member_asks_and_the_event_names_the_pilot(pilot, people):
    question = questions.ask(pilot, people["asker"], "  Wat kostte de sensor per bak?  ")
    assert question.body == "Wat kostte de sensor per bak?"
    assert question.organisation_id == people["asker"].organisation_id
    event = db.session.scalar(select(Event).where(Event.verb == "question.asked"))
    assert event.subject_type == "question"
    assert event.subject_id == question.id
    assert event.payload == {"project_id": pilot.id}


@pytest.mark.usefixtures("in_request")
def test_nobody_asks_anonymously_or_about_a_draft(make_project, pilot, people, make_user):
    with pytest.raises(NotAllowed):
        questions.ask(pilot, None, "Mag ik iets vragen?")
    with pytest.raises(NotAllowed):
        questions.ask(pilot, make_user(org=None), "Zonder organisatie?")
    draft = make_project(owner="GM0119", published=False)
    with pytest.raises(NotAllowed):
        questions.ask(draft, people["owner"], "Over een concept?")
    with pytest.raises(Invalid):
        questions.ask(pilot, people["asker"], "   ")
    assert db.session.scalar(select(Question.id)) is None


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("partner", True), ("asker", False), ("other", False), ("curator", False)],
)
def test_only_the_owner_and_partners_answer(pilot, people, who, allowed):
    question = questions.ask(pilot, people["asker"], "Werkt het ook in de winter?")
    if allowed:
        answer = questions.answer(question, people[who], "Ja, tot min tien graden.")
        assert answer.question_id == question.id
        event = db.session.scalar(select(Event).where(Event.verb == "answer.posted"))
        assert event.payload == {
            "project_id": pilot.id,
            "question_id": question.id,
            "asker_id": people["asker"].id,
        }
    else:
        with pytest.raises(NotAllowed):
            questions.answer(question, people[who], "Ik weet het ook niet.")
        assert verbs("answer") == []


@pytest.mark.usefixtures("in_request")
def test_only_the_asker_marks_the_answer_that_helped_and_there_is_one(pilot, people):
    question = questions.ask(pilot, people["asker"], "Welke leverancier?")
    first = questions.answer(question, people["owner"], "Leverancier A.")
    second = questions.answer(question, people["partner"], "Wij kozen B.")
    for who in ("owner", "partner", "other", "curator"):
        with pytest.raises(NotAllowed):
            questions.mark_helpful(first, people[who])
    with pytest.raises(NotAllowed):
        questions.mark_helpful(first, None)
    questions.mark_helpful(first, people["asker"])
    questions.mark_helpful(second, people["asker"])
    assert first.helpful_at is None
    assert second.helpful_at is not None
    assert verbs("answer").count("answer.marked_helpful") == 2


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize(
    ("who", "allowed", "hidden_as"),
    [
        ("owner", True, "owner"),
        ("curator", True, "curator"),
        ("partner", False, None),
        ("asker", False, None),
        ("other", False, None),
    ],
)
def test_the_owner_and_curators_hide_a_post_with_a_reason(pilot, people, who, allowed, hidden_as):
    question = questions.ask(pilot, people["asker"], "Een scheldpartij.")
    answer = questions.answer(question, people["partner"], "Nog een.")
    if not allowed:
        with pytest.raises(NotAllowed):
            questions.hide_question(question, people[who], "Ongepast")
        with pytest.raises(NotAllowed):
            questions.hide_answer(answer, people[who], "Ongepast")
        assert not question.is_hidden
        assert not answer.is_hidden
        return
    with pytest.raises(Invalid):
        questions.hide_answer(answer, people[who], " ")
    questions.hide_answer(answer, people[who], "Beledigend")
    questions.hide_question(question, people[who], "Ongepast")
    assert (answer.hidden_as, answer.hidden_reason) == (hidden_as, "Beledigend")
    assert (question.hidden_as, question.hidden_reason) == (hidden_as, "Ongepast")
    hidden = db.session.scalars(
        select(Event).where(Event.verb.in_(["question.hidden", "answer.hidden"]))
    ).all()
    assert {(e.verb, e.payload["reason"], e.actor_id) for e in hidden} == {
        ("answer.hidden", "Beledigend", people[who].id),
        ("question.hidden", "Ongepast", people[who].id),
    }


@pytest.mark.usefixtures("in_request")
def test_a_hidden_question_takes_no_answer_and_a_hidden_answer_no_mark(pilot, people):
    question = questions.ask(pilot, people["asker"], "Vraag")
    answer = questions.answer(question, people["owner"], "Antwoord")
    questions.hide_answer(answer, people["curator"], "Reclame")
    with pytest.raises(NotAllowed):
        questions.mark_helpful(answer, people["asker"])
    questions.hide_question(question, people["owner"], "Ongepast")
    with pytest.raises(NotAllowed):
        questions.answer(question, people["partner"], "Toch nog")


# --- Over HTTP ---------------------------------------------------------------------------


def ask_over_http(client, login, pilot, user, body="Hoeveel bakken hangen er?"):
    login(user)
    response = client.post(f"/projects/{pilot.slug}/questions", data={"body": body})
    db.session.expire_all()
    return response


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_question_asked_on_the_site_is_on_the_pilot_page(client, login, pilot, people, lang):
    response = ask_over_http(client, login, pilot, people["asker"])
    question = db.session.scalar(select(Question))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{pilot.slug}/questions/{question.id}")
    client = client.application.test_client()  # anonymous: the question, with the organisation
    html = client.get(f"/projects/{pilot.slug}?lang={lang}").get_data(as_text=True)
    assert "Hoeveel bakken hangen er?" in html
    assert "Vera Vrager" not in html
    assert people["asker"].organisation.name in html
    assert 'id="questions-title"' in html
    assert (">Questions and answers<" in html) == (lang == "en")
    page = client.get(f"/projects/{pilot.slug}/questions/{question.id}?lang={lang}")
    assert page.status_code == 200
    assert "Hoeveel bakken hangen er?" in page.get_data(as_text=True)
    listing = client.get(f"/projects/{pilot.slug}/questions?lang={lang}")
    assert listing.status_code == 200


def test_an_empty_question_is_refused_at_the_field_and_nothing_is_saved(
    client, login, pilot, people
):
    response = ask_over_http(client, login, pilot, people["asker"], body="   ")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Schrijf uw vraag." in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(Question.id)) is None


def test_anonymous_visitors_are_asked_to_log_in(client, pilot):
    html = client.get(f"/projects/{pilot.slug}").get_data(as_text=True)
    assert f"/login?next=/projects/{pilot.slug}" in html
    response = client.post(f"/projects/{pilot.slug}/questions", data={"body": "Hallo?"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert db.session.scalar(select(Question.id)) is None


@pytest.mark.parametrize(("who", "status"), [("partner", 302), ("other", 403), ("asker", 403)])
def test_answering_over_http_follows_the_rule(client, login, pilot, people, who, status):
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Vraag")
    db.session.commit()
    login(people[who])
    response = client.post(
        f"/projects/{pilot.slug}/questions/{question.id}/answers", data={"body": "Antwoord"}
    )
    assert response.status_code == status
    assert (db.session.scalar(select(Answer.id)) is not None) == (status == 302)


def pilot_request(client):
    return client.application.test_request_context()


def test_the_asker_marks_an_answer_helpful_on_the_question_page(client, login, pilot, people):
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Vraag")
        answer = questions.answer(question, people["owner"], "Het antwoord")
    db.session.commit()
    url = f"/projects/{pilot.slug}/questions/{question.id}"
    login(people["other"])
    assert "Dit antwoord hielp mij" not in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/answers/{answer.id}/helpful").status_code == 403
    login(people["asker"])
    assert "Dit antwoord hielp mij" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/answers/{answer.id}/helpful").status_code == 302
    assert "Dit antwoord hielp de vrager" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("viewer", ["anonymous", "owner", "curator", "asker"])
def test_a_hidden_post_stays_hidden_for_everyone(client, login, pilot, people, viewer):
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Een gewone vraag")
        answer = questions.answer(question, people["partner"], "Iets kwetsends")
        questions.hide_answer(answer, people["curator"], "Beledigend")
        other = questions.ask(pilot, people["other"], "Een scheldpartij")
        questions.answer(other, people["owner"], "Een antwoord op de scheldpartij")
        questions.hide_question(other, people["owner"], "Ongepast")
    db.session.commit()
    if viewer != "anonymous":
        login(people[viewer])
    for path in (
        f"/projects/{pilot.slug}",
        f"/projects/{pilot.slug}/questions",
        f"/projects/{pilot.slug}/questions/{question.id}",
        f"/projects/{pilot.slug}/questions/{other.id}",
    ):
        html = client.get(path).get_data(as_text=True)
        assert "Iets kwetsends" not in html
        assert "Een scheldpartij" not in html
        assert "Een antwoord op de scheldpartij" not in html
    html = client.get(f"/projects/{pilot.slug}").get_data(as_text=True)
    assert "Verborgen door een curator: Beledigend" in html
    assert "Verborgen door de eigenaar van de pilot: Ongepast" in html


def test_hiding_over_http_needs_a_reason_and_the_right(client, login, pilot, people):
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Vraag")
    db.session.commit()
    url = f"/projects/{pilot.slug}/questions/{question.id}/hide"
    field = f"question-{question.id}-reason"
    login(people["partner"])
    assert client.post(url, data={field: "Weg ermee"}).status_code == 403
    login(people["owner"])
    response = client.post(url, data={field: ""})
    assert response.status_code == 200
    assert "Geef een reden op." in response.get_data(as_text=True)
    assert client.post(url, data={field: "Ongepast"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id).hidden_reason == "Ongepast"


@pytest.mark.parametrize("state", ["draft", "hidden"])
@pytest.mark.parametrize("viewer", ["owner", "curator", "anonymous"])
def test_the_questions_of_a_draft_or_hidden_pilot_are_not_found(
    client, login, pilot, people, state, viewer
):
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Een vraag van toen hij openbaar was")
        answer = questions.answer(question, people["owner"], "Een antwoord")
        if state == "draft":
            projects.unpublish(pilot, people["owner"])
        else:
            projects.hide(pilot, people["curator"], "Onjuiste inhoud")
    db.session.commit()
    if viewer != "anonymous":
        login(people[viewer])
    base = f"/projects/{pilot.slug}/questions"
    for path in (base, f"{base}/{question.id}"):
        assert client.get(path).status_code == 404, path
    for path, data in (
        (base, {"body": "Nog een vraag"}),
        (f"{base}/{question.id}/answers", {"body": "Nog een antwoord"}),
        (f"{base}/{question.id}/answers/{answer.id}/helpful", {}),
        (f"{base}/{question.id}/hide", {f"question-{question.id}-reason": "x"}),
    ):
        assert client.post(path, data=data).status_code in (404, 302), path
    page = client.get(f"/projects/{pilot.slug}")
    if page.status_code == 200:  # the pilot's own people and curators still see the pilot
        html = page.get_data(as_text=True)
        assert "Een vraag van toen hij openbaar was" not in html
        assert 'id="questions-title"' not in html
    db.session.expire_all()
    assert db.session.scalar(select(Question).where(Question.id != question.id)) is None


def test_a_question_of_another_pilot_is_not_found(client, make_project, pilot, people):
    other = make_project(owner="GM0119")
    with pilot_request(client):
        question = questions.ask(pilot, people["asker"], "Vraag")
    db.session.commit()
    assert client.get(f"/projects/{other.slug}/questions/{question.id}").status_code == 404
    assert client.get(f"/projects/{pilot.slug}/questions/999999").status_code == 404


def test_the_demo_has_questions_with_an_answer_that_helped(app, seeded_demo):
    from registry.demo import seed

    assert db.session.scalar(select(Question.id)) is not None
    assert db.session.scalar(select(Answer.id).where(Answer.helpful_at.is_not(None))) is not None
    before = len(db.session.scalars(select(Question.id)).all())
    seed.seed_demo(app.config["DEMO_PASSWORD"])
    assert len(db.session.scalars(select(Question.id)).all()) == before
