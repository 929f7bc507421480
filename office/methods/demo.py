from office.core.registry import demo_seeder
from office.methods.services import install_method_cards


@demo_seeder("method cards", order=10)
def seed_methods(scale: str) -> None:
    install_method_cards()
