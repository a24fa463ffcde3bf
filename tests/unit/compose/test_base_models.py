import pytest

from lora_manager.compose.base_models import architecture_family


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("SD 1.5", "sd1"),
        ("SD 1.4", "sd1"),
        ("SD 1.5 LCM", "sd1"),
        ("sd1", "sd1"),
        ("SD1", "sd1"),
        ("sd_v1", "sd1"),
        ("stable-diffusion-v1/lora", "sd1"),
        ("SD 2.1 768", "sd2"),
        ("sd_v2_v", "sd2"),
        ("SDXL 1.0", "sdxl"),
        ("SDXL Lightning", "sdxl"),
        ("sdxl_base_v1-0", "sdxl"),
        ("stable-diffusion-xl-v1-base/lora", "sdxl"),
        ("xl", "sdxl"),
        ("Pony", "sdxl"),
        ("Illustrious", "sdxl"),
        ("NoobAI", "sdxl"),
        ("Pony V7", "auraflow"),
        ("SD 3.5 Large", "sd3"),
        ("stable-diffusion-3-medium", "sd3"),
        ("Flux.1 D", "flux1"),
        ("Flux.1 S", "flux1"),
        ("flux-1-dev", "flux1"),
        ("f1", "flux1"),
        ("Flux.2 D", "flux2"),
        ("Chroma", "chroma"),
        ("lumina2", "lumina2"),
        ("Hunyuan Video", "hunyuan_video"),
        ("unknown", None),
        ("Other", None),
        ("", None),
        (None, None),
    ],
)
def test_base_models_and_architectures_map_to_their_family(name, family):
    assert architecture_family(name) == family


# The architecture ids the library scanner stores (lora_manager.library.architecture).
@pytest.mark.parametrize(
    "architecture",
    [
        "sd1",
        "sd2",
        "sdxl",
        "sd3",
        "flux1",
        "flux2",
        "chroma",
        "lumina2",
        "hunyuan_image",
        "zimage",
        "qwen_image",
    ],
)
def test_every_architecture_id_of_the_library_is_its_own_family(architecture):
    assert architecture_family(architecture) == architecture
