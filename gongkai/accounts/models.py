from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: agency staff, supervisors and administrators.

    Chinese names are not split into given and family names, so ``full_name`` replaces
    first_name/last_name in everything Gongkai shows.
    """

    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("办公电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username
