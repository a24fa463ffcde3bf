"""The SD.Next/A1111 target against a fake server following the /sdapi/v1 contract."""

from __future__ import annotations

import base64
import io
import threading

import pytest
from PIL import Image

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets import Delivery, DeliveryHooks, build_target
from lora_manager.deliveries.targets.sdapi import save_images
from lora_manager.jobs.tasks import JobCancelledError, JobFailedError, RetryableError
from tests.fakes.sdnext import FakeSdNext, FakeState


def generate(tmp_path, server, params, hooks=None):
    target = build_target(TargetSpec(kind="sdapi", url=server.url + "/"))
    delivery = Delivery("job-7", "a dragon <lora:scales:0.6>", "lowres", params)
    return target.deliver(delivery, hooks or DeliveryHooks(tmp_path))


def test_images_are_saved_as_checked_pngs_with_their_seeds(tmp_path):
    params = {"steps": 4, "width": 64, "height": 48, "batch_size": 2, "seed": 1234}
    with FakeSdNext() as server:
        result = generate(tmp_path, server, {**params, "sampler_name": "Euler a"})
        sent = server.state.requests[0]

    assert sent["prompt"] == "a dragon <lora:scales:0.6>"
    assert sent["negative_prompt"] == "lowres"
    assert sent["send_images"] is True
    assert sent["steps"] == 4
    assert [i["path"] for i in result["images"]] == [
        "images/job-7/0.png",
        "images/job-7/1.png",
    ]
    assert [(i["width"], i["height"], i["seed"]) for i in result["images"]] == [
        (64, 48, 1234),
        (64, 48, 1235),
    ]
    with Image.open(tmp_path / "images/job-7/1.png") as image:
        assert image.format == "PNG"
        assert image.size == (64, 48)
        assert "Seed: 1235" in image.info["parameters"]
    assert result["info"]["sampler_name"] == "Euler a"
    assert result["info"]["all_seeds"] == [1234, 1235]


def test_an_unknown_sampler_fails_with_the_servers_reason(tmp_path):
    with FakeSdNext() as server:
        with pytest.raises(JobFailedError, match="HTTP 404: Sampler not found"):
            generate(tmp_path, server, {"sampler_name": "Nope", "width": 64})


def test_a_server_error_is_retried(tmp_path):
    with FakeSdNext(FakeState(fail_statuses=[500])) as server:
        with pytest.raises(RetryableError, match="HTTP 500: Simulated failure"):
            generate(tmp_path, server, {"width": 64, "height": 64})


def test_progress_is_reported_while_the_server_samples(tmp_path):
    reports = []
    hooks = DeliveryHooks(tmp_path, report_progress=reports.append)
    with FakeSdNext(FakeState(step_s=0.03)) as server:
        generate(tmp_path, server, {"steps": 40, "width": 64, "height": 64}, hooks)

    assert reports, "no progress was reported"
    assert all(r["steps"] == 40 for r in reports if r["steps"])
    assert any(0 < r["step"] <= 40 for r in reports)


def test_cancelling_interrupts_the_generation(tmp_path):
    cancel = threading.Event()
    hooks = DeliveryHooks(tmp_path, is_cancelled=cancel.is_set)
    with FakeSdNext(FakeState(step_s=0.05)) as server:
        threading.Timer(0.3, cancel.set).start()
        with pytest.raises(JobCancelledError):
            generate(tmp_path, server, {"steps": 400, "width": 64, "height": 64}, hooks)
        assert server.state.interrupted is True
        assert server.state.sampling_step < 400


@pytest.mark.parametrize(
    ("encoded", "reason"),
    [
        ("not base64!", "not valid base64"),
        (base64.b64encode(b"GIF89a not really").decode(), "not readable"),
        (123, "not a base64 string"),
    ],
)
def test_an_answer_that_is_not_an_image_fails_the_job(tmp_path, encoded, reason):
    with pytest.raises(JobFailedError, match=reason):
        save_images([encoded], tmp_path / "out", {})


def test_images_keep_their_format_when_the_server_sends_jpeg(tmp_path):
    data = io.BytesIO()
    Image.new("RGB", (16, 8)).save(data, format="JPEG")
    encoded = "data:image/jpeg;base64," + base64.b64encode(data.getvalue()).decode()

    [saved] = save_images([encoded], tmp_path / "out", {"seed": 5})

    assert saved["path"].endswith("0.jpg")
    assert (saved["width"], saved["height"], saved["seed"]) == (16, 8, 5)
