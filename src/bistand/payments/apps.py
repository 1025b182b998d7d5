from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "bistand.payments"
    label = "payments"
    verbose_name = "Utbetalningar"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A decision that grants money gets its payment order in the decision's own transaction
        # (docs/adr/0008-payments-exactly-once.md), through the hook decisions declares.
        from bistand.decisions.hooks import register_payable_decision_handler

        from .services import payment_order_create_for_decision

        register_payable_decision_handler(payment_order_create_for_decision)
