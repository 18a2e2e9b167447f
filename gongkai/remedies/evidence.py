"""The evidence bundle: what the agency hands the reconsideration body or the court.

One zip; one folder per linked OGI case with the application (personal details masked except
the name), every issued letter as sent (.docx and .pdf), the delivery record, the applicant's
attachments, and the handling record with the statutory ledger. Names inside are Chinese;
zipfile marks non-ASCII names as UTF-8 (general purpose flag bit 11) by itself.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.cases.models import Case
from gongkai.core.audit import record_event
from gongkai.core.models import AuditEvent
from gongkai.organizations.access import readable_agencies
from gongkai.statute.identity import mask_email, mask_identity, mask_phone

from .models import RemedyCase

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _safe(name: str) -> str:
    """A path component: no separators or characters Windows refuses, never empty or a dot name."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned or "未命名"


def _d(day) -> str:
    return day.isoformat() if day else "—"


class _Bundle:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.archive = zipfile.ZipFile(self.buffer, "w", compression=zipfile.ZIP_DEFLATED)
        self.stamp = timezone.localtime().timetuple()[:6]
        self.names: set[str] = set()

    def add(self, path: str, data: bytes | str) -> str:
        path = self._unique(path)
        info = zipfile.ZipInfo(path, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else bytes(data))
        return path

    def _unique(self, path: str) -> str:
        """A second file of the same name becomes 名称(2).ext instead of overwriting the first."""
        candidate, n = path, 1
        while candidate in self.names:
            n += 1
            stem, dot, ext = path.rpartition(".")
            candidate = f"{stem}({n}).{ext}" if dot and "/" not in ext else f"{path}({n})"
        self.names.add(candidate)
        return candidate

    def close(self) -> bytes:
        self.archive.close()
        return self.buffer.getvalue()


def _lines(*rows: str) -> str:
    # CRLF: the bundle is read on Windows desktops (Notepad of old versions shows one long line).
    return "\r\n".join(rows) + "\r\n"


def application_text(case: Case) -> str:
    applicant = getattr(case, "applicant", None)
    rows = [
        f"受理编号：{case.number}",
        f"机关：{case.agency.name}",
        f"收到申请日期：{_d(case.received_on)}",
    ]
    if case.receipt_note:
        rows.append(f"收到日期认定：{case.receipt_note}")
    rows += [
        f"申请方式：{case.get_channel_display()}",
        f"申请人：{case.applicant_name}（{case.get_applicant_kind_display()}）",
    ]
    if applicant is not None:
        if applicant.id_number:
            rows.append(f"证件：{applicant.get_id_type_display() or '证件'} {mask_identity(applicant.id_number)}")
        if applicant.phone:
            rows.append(f"联系电话：{mask_phone(applicant.phone)}")
        if applicant.email:
            rows.append(f"电子邮箱：{mask_email(applicant.email)}")
        if applicant.address:
            rows.append("通信地址：（已隐去）")
    rows += ["", "所需信息描述：", case.description]
    if case.document_number:
        rows.append(f"文号：{case.document_number}")
    if case.provision_form or case.delivery_preference:
        rows.append(f"提供形式：{case.get_provision_form_display()} {case.get_delivery_preference_display()}".strip())
    rows += ["", "（申请人个人信息除姓名或名称外均已隐去；完整信息见系统中的申请记录。）"]
    return _lines(*rows)


def delivery_text(case: Case, letters) -> str:
    reply = getattr(case, "reply", None)
    rows = [f"受理编号：{case.number}", ""]
    if reply is None:
        rows.append("答复：尚未作出答复。")
    else:
        rows += [
            f"答复结果：{reply.get_outcome_display()}",
            f"答复日期：{_d(reply.replied_on)}",
            f"答复期限：{_d(case.due_on)}{'（暂定）' if case.due_provisional else ''}",
            f"送达方式：{reply.get_delivery_method_display() or '未登记'}",
            f"送达日期：{_d(reply.delivered_on)}",
            f"送达凭证：{reply.delivery_proof or '—'}",
        ]
    rows += ["", "已出具文书："]
    if not letters:
        rows.append("（无）")
    for case_letter in letters:
        letter = case_letter.letter
        issued = timezone.localtime(letter.issued_at).strftime("%Y-%m-%d %H:%M")
        rows.append(f"{letter.number} {letter.get_kind_display()}（出具于 {issued}）")
    return _lines(*rows)


def timeline_text(case: Case) -> str:
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Case), target_id=str(case.pk)
    ).select_related("actor")
    rows = [f"受理编号：{case.number}", "", "一、办理记录（按时间先后）"]
    for event in events.order_by("at", "id"):
        who = str(event.actor) if event.actor else event.actor_label
        rows.append(f"{timezone.localtime(event.at):%Y-%m-%d %H:%M}  {who or '系统'}  {event.summary}")
    rows += ["", "二、法定日程"]
    for deadline in case.deadlines.all():
        state = "（已失效）" if deadline.superseded else ""
        wd = f"，{deadline.working_days} 个工作日" if deadline.working_days is not None else ""
        rows.append(
            f"{deadline.get_kind_display()}{state}：起算 {_d(deadline.start_on)}{wd}，截止 {_d(deadline.due_on)}"
            f"{'（暂定）' if deadline.provisional else ''}，完成 {_d(deadline.met_on)}"
        )
        if deadline.explanation:
            rows.append(f"    计算说明：{deadline.explanation}")
    if case.due_explanation:
        rows += ["", f"答复期限说明：{case.due_explanation}"]
    return _lines(*rows)


def summary_text(remedy: RemedyCase, folders: list[str]) -> str:
    rows = [
        f"案号：{remedy.number}",
        f"类型：{remedy.get_kind_display()}",
        f"复议机关或法院：{remedy.body}",
        f"申请人或原告：{remedy.applicant_name}",
        f"被申请人或被告：{remedy.agency.name}",
        f"立案（受理）日期：{_d(remedy.filed_on)}",
        f"收到副本日期：{_d(remedy.served_on)}",
        f"答复（答辩）期限：{_d(remedy.reply_due_on)}{'（暂定）' if remedy.reply_due_provisional else ''}",
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}",
        "",
        "目录（每件依申请公开件一个文件夹）：",
        *(f"  {folder}/  申请.txt、文书/、送达记录.txt、附件/、办理记录.txt" for folder in folders),
    ]
    return _lines(*rows)


def build_bundle(remedy: RemedyCase) -> bytes:
    cases = list(
        remedy.cases.select_related("agency", "applicant", "reply")
        .prefetch_related("deadlines")
        .order_by("received_on", "id")
    )
    bundle = _Bundle()
    folders = [_safe(case.number) for case in cases]
    bundle.add("案件信息.txt", summary_text(remedy, folders))
    for case, folder in zip(cases, folders, strict=True):
        bundle.add(f"{folder}/申请.txt", application_text(case))
        letters = list(case.case_letters.select_related("letter").order_by("letter__issued_at", "id"))
        for case_letter in letters:
            letter = case_letter.letter
            bundle.add(f"{folder}/文书/{_safe(letter.filename('docx'))}", letter.docx)
            bundle.add(f"{folder}/文书/{_safe(letter.filename('pdf'))}", letter.pdf)
        bundle.add(f"{folder}/送达记录.txt", delivery_text(case, letters))
        for attachment in case.attachments.order_by("uploaded_at", "id"):
            bundle.add(f"{folder}/附件/{_safe(attachment.name)}", attachment.data)
        bundle.add(f"{folder}/办理记录.txt", timeline_text(case))
    return bundle.close()


def evidence_bundle(*, actor, remedy: RemedyCase) -> bytes:
    """The zip of the linked cases' files; every download is logged (it carries personal data)."""
    if not readable_agencies(actor).filter(pk=remedy.agency_id).exists():
        raise PermissionDenied("您不能查看本机关以外的复议诉讼案件")
    if not remedy.cases.exists():
        raise ValidationError("本案尚未关联依申请公开件，没有可打包的证据材料")
    data = build_bundle(remedy)
    numbers = list(remedy.cases.order_by("received_on", "id").values_list("number", flat=True))
    record_event(
        code="remedy.evidence_downloaded",
        summary=f"{remedy.number}：下载证据材料（{len(numbers)} 件依申请公开件）",
        actor=actor,
        agency=remedy.agency,
        target=remedy,
        data={"cases": numbers, "bytes": len(data)},
    )
    return data
