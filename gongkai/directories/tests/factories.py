import factory
from django.utils import timezone

from gongkai.directories.models import DirectoryItem
from gongkai.statute.directory import parse_deadline


class DirectoryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryItem

    area = "财政预决算"
    level1 = "部门预算"
    level2 = factory.Sequence(lambda n: f"预算说明{n}")
    content = "预算报表及说明"
    basis = "《中华人民共和国预算法》"
    deadline_text = "信息形成（或变更）之日起20个工作日内"
    deadline_rule = factory.LazyAttribute(lambda o: parse_deadline(o.deadline_text).as_dict())
    publisher = "财政所"
    channels = factory.LazyFunction(lambda: ["政府网站"])
    sort_order = factory.Sequence(lambda n: n * 10)
    tracked_from = factory.LazyFunction(timezone.localdate)
