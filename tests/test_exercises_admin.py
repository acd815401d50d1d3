import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from education import figures
from education.models import Frame, WaitingChanges
from tests.forms import edit_token, form_values, framed_page

pytestmark = pytest.mark.django_db
PREVIEW = reverse("admin:education_exercise_pose_preview")


@pytest.fixture
def exercise(make_exercise):
    return make_exercise()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def change_url(exercise):
    return reverse("admin:education_exercise_change", args=[exercise.pk])


def frame_form(admin_client, exercise):
    html = admin_client.get(change_url(exercise)).content.decode()
    return form_values(html, "exercise_form", press="_publish")


def test_saving_unchanged_keeps_everything_and_records_a_version(admin_client, exercise):
    response = admin_client.post(change_url(exercise), frame_form(admin_client, exercise))
    assert response.status_code == 302
    revision = Version.objects.get_for_object(exercise).get().revision
    saved = {version.content_type.model for version in revision.version_set.all()}
    assert {"exercise", "exercisestep", "mistake", "frame"} <= saved


@pytest.mark.parametrize(
    ("pose", "message"),
    [
        ('{"posture": "flying"}', "posture"),
        ('{"posture": "standing", "angles": {"knee_left": 999}}', "Knee"),
        ('{"posture": "standing", "angles": {"elbow_left": "bent"}}', "lbow"),
        ("not json at all", "JSON"),
    ],
)
def test_bad_poses_are_refused_with_a_clear_message(admin_client, exercise, pose, message):
    data = frame_form(admin_client, exercise)
    data["frames-0-pose"] = pose
    response = admin_client.post(change_url(exercise), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the error" in html or "errorlist" in html
    assert message.lower() in html.lower()
    assert Frame.objects.get(pk=data["frames-0-id"]).pose == {
        "posture": "standing", "angles": {}, "props": []
    }  # fmt: skip


def test_pose_preview_draws_the_pose_or_says_what_is_wrong(admin_client):
    good = admin_client.get(PREVIEW, {"frames-0-pose": '{"posture": "lying-back"}'})
    assert good.status_code == 200 and good.content.startswith(b"<svg")
    for bad, words in [('{"posture": "flying"}', "posture"), ("{", "not valid JSON")]:
        html = admin_client.get(PREVIEW, {"frames-0-pose": bad}).content.decode()
        assert 'class="errornote"' in html and words in html


def layout_of(poses):
    return figures.draw_frames(poses, primary=["gluteus-maximus"], secondary=["hamstrings"])


BRIDGE_START = '{"posture": "lying-back", "angles": {"hip_left": 45, "knee_left": 109}}'
BRIDGE_TOP = '{"posture": "lying-back", "angles": {"pelvis": -110, "knee_left": 85}}'


def test_pose_preview_draws_the_frame_as_readers_see_it(admin_client, exercise):
    """Laid out with the other frames on the page (the same crop, the arrow for the movement
    into it) and with the exercise's muscles, which htmx's HX-Current-URL points to."""
    change = change_url(exercise)
    headers = {"HX-Request": "true", "HX-Trigger-Name": "frames-1-pose", "HX-Current-URL": change}
    fields = {
        "frames-0-pose": BRIDGE_START,
        "frames-1-pose": BRIDGE_TOP,
        "frames-__prefix__-pose": "",  # the blank form "Add another" copies
    }
    html = admin_client.get(PREVIEW, fields, headers=headers).content.decode()
    poses = [figures.parse_pose(json.loads(fields[f"frames-{n}-pose"])) for n in (0, 1)]
    preview = {"alt": "Preview of this pose", "id_prefix": "preview-frames-1-pose"}
    assert html == layout_of(poses).svg(1, **preview)
    assert "motion-arrow" in html and "Gluteus maximus (primary)" in html
    alone = admin_client.get(PREVIEW, {"frames-1-pose": BRIDGE_TOP}).content.decode()
    assert re.search(r'viewBox="([^"]+)"', alone)[1] != re.search(r'viewBox="([^"]+)"', html)[1]
    # The frames' order numbers, not their place on the page, say which comes first.
    swapped = {**fields, "frames-0-order": "2", "frames-1-order": "1"}
    html = admin_client.get(PREVIEW, swapped, headers=headers).content.decode()
    assert html == layout_of(poses[::-1]).svg(0, **preview)


def test_pose_preview_refuses_a_pose_through_the_floor_in_plain_words(admin_client):
    pose = '{"posture": "lying-back", "angles": {"hip_right": -30}}'
    html = admin_client.get(PREVIEW, {"frames-0-pose": pose}).content.decode()
    assert 'class="errornote"' in html
    assert "The right knee would go through the floor. Change the angles" in html


def test_a_pose_through_the_floor_is_refused_on_save(admin_client, exercise):
    data = frame_form(admin_client, exercise)
    data["frames-0-pose"] = '{"posture": "sitting", "angles": {"hip_left": 45, "knee_left": 0}}'
    response = admin_client.post(change_url(exercise), data)
    assert response.status_code == 200
    assert "would go through the floor" in response.content.decode()


def test_pose_preview_is_for_editors_only(client):
    assert client.get(PREVIEW, {"pose": "{}"}).status_code == 302


def test_the_change_form_wires_the_live_preview(admin_client, exercise):
    html = admin_client.get(change_url(exercise)).content.decode()
    assert f'hx-get="{PREVIEW}"' in html and 'hx-target="next .pose-preview"' in html
    # Every frame's pose and order number, for the shared crop and the arrows.
    assert 'hx-include=".pose-input, .frame-order"' in html
    assert "htmx-2.min" in html
    assert "js/admin-pose-preview" in html  # wires up frames added with "Add another"


def png(**extra):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="PNG", **extra)
    return buffer.getvalue()


def add_image_frame(admin_client, exercise, upload, **fields):
    data = frame_form(admin_client, exercise)
    data.update({
        "frames-TOTAL_FORMS": "3", "frames-2-order": "3", "frames-2-caption": "Photo",
        "frames-2-alt": "A photo", "frames-2-credit": "GluteSite", "frames-2-licence": "CC BY 4.0",
        "frames-2-pose": "", "frames-2-image": upload, **fields,
    })  # fmt: skip
    return admin_client.post(change_url(exercise), data)


def test_an_uploaded_image_is_reencoded_and_served_safely(admin_client, client, exercise):
    upload = SimpleUploadedFile("photo.png", png() + b"<script>x</script>", "image/png")
    assert add_image_frame(admin_client, exercise, upload).status_code == 302
    frame = exercise.frames.get(caption="Photo")
    assert b"<script>" not in frame.image.read()
    response = client.get(frame.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("evil.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml"),
        ("evil.png", b"<html>hi</html>", "image/png"),
        ("fake.jpg", png(), "image/jpeg"),
    ],
)
def test_bad_uploads_are_refused(admin_client, exercise, name, content, content_type):
    response = add_image_frame(
        admin_client, exercise, SimpleUploadedFile(name, content, content_type)
    )
    assert response.status_code == 200
    assert not exercise.frames.filter(caption="Photo").exists()


def test_an_image_needs_its_alt_text_credit_and_licence(admin_client, exercise):
    upload = SimpleUploadedFile("photo.png", png(), "image/png")
    response = add_image_frame(admin_client, exercise, upload, **{"frames-2-alt": "",
                               "frames-2-licence": ""})  # fmt: skip
    assert response.status_code == 200
    assert not exercise.frames.filter(caption="Photo").exists()


@pytest.mark.parametrize(
    "path", ["/media/../glutesite/settings.py", "/media/x.svg", "/media/none.png"]
)
def test_media_serves_nothing_else(client, path):
    assert client.get(path).status_code in (400, 404)


def test_poses_are_shown_as_json_in_one_key_order(admin_client, exercise):
    frame = exercise.frames.first()
    frame.pose = {"props": ["floor"], "angles": {"knee_left": 30}, "posture": "standing"}
    frame.save()
    shown = frame_form(admin_client, exercise)["frames-0-pose"]
    assert shown == '{"posture": "standing", "angles": {"knee_left": 30}, "props": ["floor"]}'


def save_draft_with_a_picture(admin_client, exercise, **fields):
    data = frame_form(admin_client, exercise)
    data.pop("_publish")
    data.update({
        "_save_draft": "Save draft", "frames-TOTAL_FORMS": "3", "frames-2-order": "3",
        "frames-2-caption": "Photo", "frames-2-alt": "A photo", "frames-2-credit": "GluteSite",
        "frames-2-licence": "CC BY 4.0", "frames-2-pose": "",
        "frames-2-image": SimpleUploadedFile("photo.png", png(), "image/png"), **fields,
    })  # fmt: skip
    return admin_client.post(change_url(exercise), data)


def test_an_image_in_unpublished_changes_waits_and_is_published_with_them(
    admin_client, client, exercise, tmp_path, django_capture_on_commit_callbacks
):
    assert save_draft_with_a_picture(admin_client, exercise).status_code == 302
    assert not exercise.frames.filter(caption="Photo").exists()
    assert "1 new picture" in admin_client.get(change_url(exercise)).content.decode()

    preview = reverse("admin:education_exercise_preview", args=[exercise.pk])
    page = admin_client.get(preview, {"page": "0"})
    (shown,) = re.findall(r'<img src="(/media/frames/[^"]+)" alt="A photo"', framed_page(page))
    assert not exercise.frames.filter(caption="Photo").exists()
    as_editor = admin_client.get(shown)
    assert as_editor.status_code == 200  # the editor sees the picture
    assert as_editor["Cache-Control"] == "private, no-store"  # and no shared cache keeps it
    assert client.get(shown).status_code == 404  # readers do not, until it is published

    with django_capture_on_commit_callbacks(execute=True):
        token = edit_token(page.content.decode())
        admin_client.post(reverse("admin:education_exercise_publish", args=[exercise.pk]), token)
    frame = exercise.frames.get(caption="Photo")
    assert frame.image.url == shown
    published = client.get(frame.image.url)
    assert published.status_code == 200 and "public" in published["Cache-Control"]
    assert [path.name for path in tmp_path.rglob("*.*")] == [frame.image.name.split("/")[-1]]


def test_saving_the_changes_again_keeps_their_picture_unless_its_frame_is_deleted(
    admin_client, exercise, tmp_path, django_capture_on_commit_callbacks
):
    save_draft_with_a_picture(admin_client, exercise)
    (stored,) = (tmp_path / "frames").iterdir()
    again = form_values(
        admin_client.get(change_url(exercise)).content.decode(), "exercise_form", "_save_draft"
    )
    admin_client.post(change_url(exercise), {**again, "summary": "Changed again."})
    assert {name for *_, name in WaitingChanges.of(exercise).files()} == {f"frames/{stored.name}"}

    again = form_values(
        admin_client.get(change_url(exercise)).content.decode(), "exercise_form", "_save_draft"
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(exercise), {**again, "frames-2-DELETE": "on"})
    assert WaitingChanges.of(exercise).files() == set()
    assert not stored.exists()


def stored(tmp_path) -> list[str]:
    return sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())


@pytest.mark.django_db(transaction=True)
def test_a_preview_writes_nothing_and_holds_no_transaction_while_its_page_renders(
    admin_client, exercise, tmp_path, monkeypatch
):
    """Review fix 3: previews wrote (copies of pictures, and a note of them) and locked on GET."""
    from django.core.management import call_command
    from django.db import connection

    from education.admin import publishing

    def dump():
        out = io.StringIO()
        call_command("dumpdata", "education", "reversion", stdout=out)
        return out.getvalue()

    save_draft_with_a_picture(admin_client, exercise)
    before, files = dump(), stored(tmp_path)
    in_transaction = []
    render = publishing.render
    monkeypatch.setattr(
        publishing,
        "render",
        lambda *args, **kwargs: (
            in_transaction.append(connection.in_atomic_block) or render(*args, **kwargs)
        ),
    )
    preview = reverse("admin:education_exercise_preview", args=[exercise.pk])
    for _ in range(2):
        assert "A photo" in framed_page(admin_client.get(preview, {"page": "0"}))
    assert (dump(), stored(tmp_path)) == (before, files)
    assert in_transaction == [False, False]


def test_a_picture_only_editors_may_see_is_kept_by_no_shared_cache(admin_client, client, exercise):
    """Review fix 4: a waiting picture was served "public, max-age=86400" to editors."""
    save_draft_with_a_picture(admin_client, exercise)
    preview = reverse("admin:education_exercise_preview", args=[exercise.pk])
    html = framed_page(admin_client.get(preview, {"page": "0"}))
    (picture,) = re.findall(r'<img src="(/media/frames/[^"]+)" alt="A photo"', html)
    assert admin_client.get(picture)["Cache-Control"] == "private, no-store"
    assert client.get(picture).status_code == 404


def test_deleting_a_published_exercise_deletes_its_waiting_changes_and_their_pictures(
    admin_client, exercise, tmp_path, django_capture_on_commit_callbacks
):
    """Review fix 5: they stayed behind, with the raw upload (and its EXIF data)."""
    save_draft_with_a_picture(admin_client, exercise)
    assert stored(tmp_path)
    delete = reverse("admin:education_exercise_delete", args=[exercise.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not WaitingChanges.objects.exists()
    assert stored(tmp_path) == []


def test_remove_orphans_keeps_what_rows_changes_and_versions_use(
    admin_client, exercise, tmp_path, django_capture_on_commit_callbacks
):
    """Review fix 5: a command (run by `make run`) removes what an interruption left behind."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    add_image_frame(admin_client, exercise, SimpleUploadedFile("old.png", png(), "image/png"))
    exercise.frames.get(caption="Photo").delete()  # its picture is kept for the history
    save_draft_with_a_picture(admin_client, exercise)  # kept for the waiting changes
    for stray in ("frames/stray.png", "pending/0a1b2c"):
        (tmp_path / stray).parent.mkdir(exist_ok=True)
        (tmp_path / stray).write_bytes(png())
    content_type = ContentType.objects.get_for_model(exercise)
    WaitingChanges.objects.create(content_type=content_type, object_id="999")
    kept = set(stored(tmp_path)) - {"frames/stray.png", "pending/0a1b2c"}

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_orphans", stdout=out)
    assert "Removed 1 waiting changes of deleted objects, 2 unused uploads." in out.getvalue()
    assert set(stored(tmp_path)) == kept and len(kept) == 2
    call_command("remove_orphans", stdout=out)
    assert "No orphaned waiting changes or uploads." in out.getvalue()


def test_a_picture_in_waiting_changes_is_stored_once_without_its_exif(
    admin_client, exercise, tmp_path
):
    photo, buffer = Image.new("RGB", (40, 30), "teal"), io.BytesIO()
    exif = photo.getexif()
    exif[0x010F] = "SecretCam"  # the camera's make; GPS data sits in the same block
    photo.save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("bridge.jpg", buffer.getvalue(), "image/jpeg")
    save_draft_with_a_picture(admin_client, exercise, **{"frames-2-image": upload})
    (kept,) = (tmp_path / "frames").iterdir()
    assert dict(Image.open(kept).getexif()) == {}
    preview = reverse("admin:education_exercise_preview", args=[exercise.pk])
    admin_client.get(preview)
    assert stored(tmp_path) == [f"frames/{kept.name}"]  # and no copies made for previews
