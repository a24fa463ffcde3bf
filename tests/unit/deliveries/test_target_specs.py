"""What a target or a delivery request may say: bad values are refused up front."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from lora_manager.deliveries.named_targets import host_allowed
from lora_manager.deliveries.params import sdapi_param_problems
from lora_manager.deliveries.schemas import DeliveryCreate, TargetSpec


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ({"kind": "cli", "argv": ["echo", "{promt}"]}, "unknown placeholder {promt}"),
        ({"kind": "cli", "argv": ["echo"], "url": "http://h/"}, "cli target takes"),
        ({"kind": "cli", "argv": []}, "at least 1 item"),
        ({"kind": "http"}, "takes a url"),
        ({"kind": "http", "url": "ftp://host/x"}, "http:// or https://"),
        ({"kind": "http", "url": "http://h:99999/"}, "url is not valid"),
        ({"kind": "http", "url": "http://h/", "argv": ["x"]}, "takes a url"),
        ({"kind": "http", "url": "http://h/", "headers": {"Host": "x"}}, "host"),
        ({"kind": "http", "url": "http://h/", "headers": {"X": "a\r\nb"}}, "pattern"),
        ({"kind": "http", "url": "http://h/", "timeout_s": math.nan}, "finite"),
        ({"kind": "http", "url": "http://h/", "timeout_s": 0}, "greater than 0"),
        ({"kind": "http", "url": "http://h/", "max_attempts": 0}, "greater than"),
        ({"kind": "smtp", "url": "http://h/"}, "'http', 'cli' or 'sdapi'"),
    ],
)
def test_a_target_that_cannot_work_is_refused_with_the_reason(spec, reason):
    with pytest.raises(ValidationError, match=reason):
        TargetSpec.model_validate(spec)


@pytest.mark.parametrize(
    "params",
    [
        {"cfg_scale": math.nan},
        {"cfg_scale": math.inf},
        {"seed": -math.inf},
        {"steps": 1e308},
        {"seed": 10**30},
        {"nested": {"deeper": [1, 2, math.nan]}},
        {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}},
        {"text": "nul\x00byte"},
        {"big": "x" * 70_000},
    ],
)
def test_params_must_be_finite_bounded_json(params):
    with pytest.raises(ValidationError) as error:
        DeliveryCreate.model_validate({"prompt": "p", "params": params})
    assert error.value.errors()[0]["loc"] == ("params",)


def test_reasonable_params_pass_through_untouched():
    params = {
        "steps": 30,
        "cfg_scale": 6.5,
        "seed": 2**32 - 1,
        "sampler_name": "DPM++ 2M",
        "override_settings": {"CLIP_stop_at_last_layers": 2},
        "styles": ["cinematic"],
        "enable_hr": False,
    }
    assert DeliveryCreate.model_validate({"prompt": "p", "params": params}).params == (
        params
    )


def test_a_delivery_names_a_target_or_describes_one_not_both():
    with pytest.raises(ValidationError, match="not both"):
        DeliveryCreate.model_validate(
            {
                "prompt": "p",
                "target_name": "studio",
                "target": {"kind": "http", "url": "http://localhost/"},
            }
        )


def test_txt2img_fields_are_checked_against_their_ranges():
    problems = sdapi_param_problems(
        {
            "steps": 0,
            "width": 10_000,
            "height": 512,
            "cfg_scale": "high",
            "seed": 1.5,
            "batch_size": True,
            "sampler_name": "",
        }
    )
    assert problems == {
        "steps": "must be between 1 and 500",
        "width": "must be between 64 and 8192",
        "cfg_scale": "must be a number",
        "seed": "must be an integer",
        "batch_size": "must be an integer",
        "sampler_name": "must be a sampler name (1-100 characters)",
    }
    assert sdapi_param_problems({"steps": 20, "cfg_scale": 7, "seed": -1}) == {}


@pytest.mark.parametrize(
    ("host", "patterns", "allowed"),
    [
        ("127.0.0.1", ["localhost", "127.0.0.1", "::1"], True),
        ("127.0.0.2", ["localhost", "127.0.0.1", "::1"], True),
        ("[::1]", ["localhost", "127.0.0.1", "::1"], True),
        ("LOCALHOST", ["localhost"], True),
        ("example.com", ["localhost", "127.0.0.1", "::1"], False),
        ("10.0.0.5", ["localhost", "127.0.0.1", "::1"], False),
        ("gpu.lan", ["*.lan"], True),
        ("evil-lan", ["*.lan"], False),
        ("anything.example", ["*"], True),
        ("127.0.0.1", ["gpu.lan"], False),
    ],
)
def test_inline_hosts_are_matched_against_the_allow_list(host, patterns, allowed):
    assert host_allowed(host, patterns) is allowed
