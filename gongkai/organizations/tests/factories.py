import itertools

import factory

from gongkai.organizations.models import Agency, Department, Membership, Role
from gongkai.statute.identifiers import make_uscc

_bodies = (f"{n:08d}" for n in itertools.count(31000001))


def new_code() -> str:
    return make_uscc("110109", next(_bodies))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"  # a string: organizations sits beside accounts, not above it
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("correct horse battery")


class AgencyFactory(factory.django.DjangoModelFactory):
    """Builds agencies through the same path as the service: a valid code and a derived tree path."""

    class Meta:
        model = Agency

    code = factory.LazyFunction(new_code)
    name = factory.Sequence(lambda n: f"北京市门头沟区第{n}镇人民政府")
    kind = Agency.Kind.GOVERNMENT
    level = Agency.Level.TOWNSHIP
    parent = None
    report_due = Agency.ReportDue.JANUARY_31
    # A township that charges fees has told its finance office's account; tests of an agency that
    # has not pass blank values.
    fee_payee = "北京市门头沟区财政局"
    fee_bank = "中国工商银行北京门头沟支行"
    fee_account = "0200 0032 0902 0100 123"
    path = factory.LazyAttribute(lambda o: f"{o.parent.path if o.parent else '/'}{o.code}/")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"第{n}科室")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CLERK
