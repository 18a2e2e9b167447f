"""What an agency's settings print: how to pay the information-processing fee."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.organizations.models import Agency
from gongkai.organizations.services import register_agency

from .factories import new_code

TRANSFER = "户名：北京市门头沟区财政局；开户银行：北京农村商业银行门头沟支行；账号：0109 0000 0103"
ACCOUNT = {
    "fee_payee": "北京市门头沟区财政局",
    "fee_bank": "北京农村商业银行门头沟支行",
    "fee_account": "0109 0000 0103",
}


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({}, ""),
        ({"fee_payee": "北京市门头沟区财政局"}, ""),  # half an account is no way to pay
        ({"fee_instructions": "   "}, ""),
        (
            ACCOUNT,
            TRANSFER,
        ),
        (
            {**ACCOUNT, "fee_instructions": "转账时请在附言中注明申请编号。\n本机关收到款项后出具财政票据。"},
            TRANSFER + "。转账时请在附言中注明申请编号。 本机关收到款项后出具财政票据。",
        ),
        (
            {"fee_instructions": "请持本通知书到本机关政务服务窗口扫码缴纳。"},
            "请持本通知书到本机关政务服务窗口扫码缴纳。",
        ),
    ],
)
def test_fee_payment_text_is_empty_until_there_is_a_way_to_pay(fields, text):
    assert Agency(**fields).fee_payment_text == text


def test_half_an_account_is_refused_field_by_field():
    with pytest.raises(ValidationError) as caught:
        Agency(fee_payee="北京市门头沟区财政局").clean()
    assert set(caught.value.message_dict) == {"fee_bank", "fee_account"}
    assert caught.value.message_dict["fee_bank"] == ["收款单位（户名）、开户银行和账号须一并填写"]
    Agency(**ACCOUNT).clean()
    Agency().clean()


@pytest.mark.django_db
def test_an_agency_can_be_registered_with_its_fee_account(district):
    agency = register_agency(
        actor_label="测试",
        code=new_code(),
        name="北京市门头沟区雁翅镇人民政府",
        kind="government",
        level="township",
        parent=district,
        **ACCOUNT,
    )
    assert Agency.objects.get(pk=agency.pk).fee_payment_text.startswith("户名：北京市门头沟区财政局")


@pytest.mark.django_db
def test_the_admin_edits_the_fee_account_and_refuses_half_of_one(client, agency_a):
    from django.forms.models import model_to_dict
    from django.urls import reverse

    from .factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:organizations_agency_change", args=[agency_a.pk])
    assert "信息处理费缴款方式" in client.get(url).content.decode()
    form = {
        k: ("" if v is None else v)
        for k, v in model_to_dict(agency_a).items()
        if k not in {"id", "parent", "path", "site_banner"}
    }
    form |= {"departments-TOTAL_FORMS": 0, "departments-INITIAL_FORMS": 0}
    form |= {"fee_payee": "", "fee_bank": "", "fee_account": "", "fee_instructions": ""}
    response = client.post(url, {**form, "fee_payee": "北京市门头沟区财政局"})
    assert response.status_code == 200 and "收款单位（户名）、开户银行和账号须一并填写" in response.content.decode()
    assert client.post(url, {**form, **ACCOUNT}).status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.fee_payment_text.startswith(TRANSFER)


@pytest.mark.django_db
def test_the_membership_admin_redisplays_a_form_with_a_bad_key_instead_of_failing(client, agency_a):
    from django.urls import reverse

    from .factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:organizations_membership_add")
    response = client.post(url, {"user": "abc", "agency": "abc", "role": "abc", "_save": "保存"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
