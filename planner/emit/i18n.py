"""The words of the reports, in Chinese and English, and the number formats of each language."""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "report_title": ("政务信息系统整合迁移计划", "E-government migration plan"),
    "progress_title": ("政务信息系统整合共享月度进展报告", "Monthly progress report: systems integration and sharing"),
    "policy": ("依据", "Policy"),
    "start": ("开始", "Start"),
    "waves": ("波次", "Waves"),
    "wave": ("波次", "Wave"),
    "wave_days": ("每波天数", "days per wave"),
    "solver": ("求解", "Solver"),
    "headline": ("要点", "Headline"),
    "milestones_met": ("{met}/{n} 个里程碑可按期完成", "{met} of {n} milestones met"),
    "all_met": ("全部里程碑可按期完成", "All milestones met"),
    "required_line": ("要求：{by} 前达到 {req}", "Required: {req} by {by}"),
    "scope_region": ("范围：本级部门", "Scope: the region's own departments"),
    "scope_county": ("范围：县（市、区）部门", "Scope: the counties' departments"),
    "scope_departments": ("范围：{names}", "Scope: {names}"),
    "scope_systems": ("范围：{n} 个指定系统", "Scope: {n} named systems"),
    "planned": ("计划", "Planned"),
    "actual": ("实际", "Actual"),
    "met": ("可完成", "Met"),
    "unmet": ("无法完成", "Not met"),
    "confidence": ("按期把握", "Confidence"),
    "confidence_note": (
        "按期把握：{runs} 次随机模拟（种子 {seed}）中达标的比例；每项迁移工作量乘以对数正态系数（σ={sigma}），"
        "割接失败率 {p}，失败后顺延至下一个非封网波次；保持计划顺序和各团队并行数。",
        "Confidence: share of {runs} seeded simulations (seed {seed}) meeting the milestone; each migration's effort "
        "scaled by a lognormal factor (σ={sigma}), cutovers fail with probability {p} and are retried in the next "
        "non-frozen wave; the plan's order and team slots are kept."),
    "key_numbers": ("关键数字", "Key numbers"),
    "systems_total": ("系统总数", "Systems"),
    "legacy_cost": ("过渡期旧设施费用", "Legacy cost until retired"),
    "legacy_cost_note": ("迁移/整合前旧系统运维、专网和出口仍需支付的费用", "what the old O&M, networks and exits cost until each is retired"),
    "before_yearly": ("整合前年度费用", "Yearly cost today"),
    "yearly_savings": ("每年节约", "Yearly savings"),
    "savings_note": ("退役旧设施的年度费用；出口已扣除接入平台年费，不含政务云服务费。", "yearly cost of the retired legacy; exits net of the access platforms' yearly cost; cloud service fees not included."),
    "action.migrate": ("迁移上云", "Migrate to cloud"),
    "action.integrate": ("部门内整合", "Integrate"),
    "action.decommission": ("清理下线", "Decommission"),
    "action.replace": ("由共享服务替代", "Replaced by a shared service"),
    "action.intranet": ("迁入政务内网", "To the intranet"),
    "action.stay": ("暂不迁移", "Stay"),
    "action.on-cloud": ("已在政务云", "Already on cloud"),
    "conflicts": ("无法按期完成的原因", "Why some milestones cannot be met"),
    "constraints": ("相互制约的条件", "Constraints that together make it impossible"),
    "remedies": ("可选的解决办法", "What would make it possible"),
    "burnup": ("计划进度（燃起图）", "Planned progress (burn-up)"),
    "burnup_note": ("每波次结束时的计划完成比例；菱形为里程碑要求，空心表示无法按期完成；灰色为封网期。",
                    "Planned share at the end of each wave; diamonds are the milestones' required lines (hollow: not met); grey: freeze."),
    "measure.eligible_systems_on_cloud": ("可上云系统上云率", "Eligible systems on cloud"),
    "measure.systems_on_extranet": ("系统接入外网率", "Systems on the extranet"),
    "measure.systems_connected_to_sharing": ("接入共享交换平台", "Connected to the sharing platform"),
    "measure.private_networks_consolidated": ("业务专网整合", "Private networks consolidated"),
    "measure.exits_consolidated": ("互联网出口整合", "Internet exits consolidated"),
    "measure.departments_integrated": ("部门内部整合", "Departments integrated"),
    "measure.systems_decommissioned": ("僵尸、影子系统清理", "Zombie and shadow systems switched off"),
    "gantt": ("各部门系统迁移、整合和清理时间表", "Systems schedule by department"),
    "gantt_note": ("浅色条：部门工作期；彩色条：单个系统的工作期（颜色见图例，颜色越深并行越多）；竖线：割接或下线；灰色为封网期；虚线为里程碑日期。",
                   "Light bar: the department's working period; coloured bars: each system's work (colours in the legend; darker = more at once); ticks: cut-overs and switch-offs; grey: freeze; dashed: milestone dates."),
    "network_gantt": ("专网与出口整合时间表", "Network and exit schedule"),
    "network_gantt_note": ("前两行：每波次进行中的专网整合、出口整合数量（颜色越深越多）。其下每个部门一行：上半为专网整合（开始波次至完成波次），"
                           "下半为出口整合（一个波次）；竖线为完成；灰色为封网期；虚线为里程碑日期。",
                           "First two rows: network and exit consolidations in progress in each wave (darker = more). Then one row per "
                           "department: its networks on top (first to last wave of the work), its exits below (one wave each); "
                           "ticks: done; grey: freeze; dashed: milestone dates."),
    "all_departments": ("全市合计", "All departments"),
    "networks_in_progress": ("专网整合（{n} 个）", "Network consolidations ({n})"),
    "exits_in_progress": ("出口整合（{n} 个）", "Exit consolidations ({n})"),
    "nets_exits_short": ("{n} 个专网 · {e} 个出口", "networks {n} · exits {e}"),
    "network_bar": ("专网整合", "network consolidation"),
    "network_to_intranet": ("专网迁入政务内网", "network moved to the intranet"),
    "exit_bar": ("出口整合", "exit consolidation"),
    "exit_closed": ("出口关闭", "exit closed"),
    "work_burnup": ("各类工作累计完成数", "Work done by kind (cumulative)"),
    "work_burnup_note": ("每波次结束时各类工作的累计完成数量，括号内为该类工作总数；菱形为里程碑要求的数量，空心表示无法按期完成；灰色为封网期。",
                         "Pieces of work of each kind done by the end of each wave, each kind's total in brackets; diamonds: the "
                         "number a milestone requires (hollow: not met); grey: freeze."),
    "work.migrate": ("系统迁移上云", "Migrations cut over"),
    "work.integrate": ("部门内系统整合", "Integrations"),
    "work.decommission": ("系统清理下线（含替代）", "Decommissions and replacements"),
    "work.intranet": ("系统迁入政务内网", "Systems moved to the intranet"),
    "work.network": ("业务专网整合", "Networks consolidated"),
    "work.exit": ("互联网出口整合", "Exits consolidated"),
    "work_total": ("{label}（{n}）", "{label} ({n})"),
    "work_schedule": ("各类工作时间", "When the work happens"),
    "work_schedule_line": ("{n} 项，{start} 至 {end}", "{n}, {start} to {end}"),
    "not_scheduled": ("{n} 项未安排", "{n} not scheduled"),
    "wave_n": ("第 {n} 波", "wave {n}"),
    "waves_n": ("第 {a}–{b} 波", "waves {a}–{b}"),
    "dates": ("日期", "Dates"),
    "replaced_by": ("由 {target} 替代", "replaced by {target}"),
    "integration_list": ("部门内整合清单", "Integration list"),
    "merged_into": ("并入", "Merged into"),
    "department": ("部门", "Department"),
    "region_level": ("市本级", "Region level"),
    "systems_n": ("{n} 个系统", "{n} systems"),
    "duties": ("部门重点任务责任清单", "Duties of each department"),
    "duties_none": ("plan.json 中没有重点任务（duties），此表为空。", "plan.json has no duties: the table is empty."),
    "duties_note": ("日期为任务要求完成日期；可由计划推算的任务显示计划完成日期，晚于要求的标红；“—”表示本部门无此项工作。",
                    "Dates are the due dates; where the plan determines it, the planned completion is shown, in red when late; '—': nothing to do."),
    "due": ("要求", "due"),
    "unplanned": ("未安排", "not planned"),
    "already": ("已接入", "already"),
    "network_picture": ("网络整合前后", "Networks before and after"),
    "before": ("整合前", "Before"),
    "after": ("整合后", "After"),
    "internet": ("互联网", "Internet"),
    "private_networks": ("业务专网", "private networks"),
    "exits": ("互联网出口", "internet exits"),
    "extranet_public": ("政务外网 公共服务域", "Extranet: public service domain"),
    "extranet_admin": ("政务外网 行政服务域", "Extranet: administrative domain"),
    "intranet": ("政务内网", "E-gov intranet"),
    "retained": ("保留（经批准）", "Retained (approved)"),
    "platform": ("互联网接入平台", "Internet access platform"),
    "more_departments": ("另有 {n} 个部门", "{n} more departments"),
    "departments_line": ("{n} 个部门经政务外网访问政务云和互联网", "{n} departments reach the clouds and the internet over the extranet"),
    "systems_short": ("{n} 个系统", "{n} systems"),
    "systems_short.one": ("{n} 个系统", "{n} system"),
    "networks_short": ("{n} 个专网", "{n} networks"),
    "networks_short.one": ("{n} 个专网", "{n} network"),
    "networks_joined": ("并入 {n} 个专网", "{n} networks joined"),
    "networks_joined.one": ("并入 {n} 个专网", "{n} network joined"),
    "before_summary": ("{d} 个部门 · {n} 个业务专网 · {e} 个互联网出口", "{d} departments · {n} private networks · {e} internet exits"),
    "after_summary": ("{p} 个接入平台 · 政务外网两个域 · {c} 个政务云", "{p} access platforms · one extranet, two domains · {c} clouds"),
    "classified_network": ("涉密专网", "classified network"),
    "region_platform": ("市级平台", "Region platform"),
    "exits_section": ("互联网出口整合", "Internet exit consolidation"),
    "exits_before": ("整合前出口", "Exits before"),
    "exits_after": ("整合后接入平台", "Platforms after"),
    "bandwidth": ("带宽", "Bandwidth"),
    "carriers": ("运营商", "Carriers"),
    "peak": ("峰值合计", "Summed peak"),
    "departments_served": ("服务部门", "Departments"),
    "yearly_cost_before": ("原出口年费", "Exits' yearly cost before"),
    "yearly_cost_after": ("平台年费", "Platforms' yearly cost"),
    "exits_savings": ("出口每年节约", "Yearly savings on exits"),
    "savings_by_kind": ("年度节约构成", "Yearly savings by kind"),
    "savings.decommission": ("清理下线系统运维费", "O&M of decommissioned systems"),
    "savings.migrate": ("上云系统原机房运维费", "Legacy O&M of migrated systems"),
    "savings.integrate": ("被整合系统运维费", "O&M of integrated systems"),
    "savings.networks": ("整合专网线路费", "Consolidated private networks"),
    "savings.exits": ("整合出口线路费（扣除平台年费）", "Internet exits (net of the platforms)"),
    "total": ("合计", "Total"),
    "decommission_list": ("清理下线清单（含共享服务替代）", "Decommission list (with replacements)"),
    "stay_list": ("暂不迁移清单", "Systems that stay"),
    "system": ("系统", "System"),
    "reasons": ("依据 / 原因", "Evidence / reasons"),
    "next_step": ("下一步", "Next step"),
    "yearly_om": ("年运维费", "Yearly O&M"),
    "none": ("无", "None"),
    "no_data": ("plan.json 无此数据", "no data in plan.json"),
    "findings": ("需要注意", "Findings"),
    "footer": ("本报告由 planner 根据 plan.json 生成，可离线查看。", "Generated by planner from plan.json; works offline."),
    "target": ("目标", "Target"),
    "team": ("实施团队", "Team"),
    "start_date": ("开始日期", "Start date"),
    "cutover_date": ("割接日期", "Cutover date"),
    "start_wave": ("开始波次", "Start wave"),
    "action": ("处置", "Action"),
    "summary_sheet": ("汇总", "Summary"),
    "frozen": ("封网", "Freeze"),
    # progress report
    "month": ("报告月份", "Month"),
    "as_of": ("数据截至", "Facts as of"),
    "stale_note": ("注意：实际数据截至 {as_of}，早于月末 {end}。", "Note: the facts end on {as_of}, before the month's end {end}."),
    "indicators": ("主要指标", "Indicators"),
    "systems_integrated": ("已整合系统数", "Systems integrated"),
    "shared_items": ("共享数据项", "Shared data items"),
    "collaborative_apps": ("跨部门协同应用", "Collaborative applications"),
    "connectivity": ("系统联通率", "System connectivity rate"),
    "connectivity_note": ("接入政务外网的系统 / 非涉密在用系统", "systems reachable on the extranet / non-classified systems in use"),
    "not_reported": ("未报", "not reported"),
    "key_tasks": ("重点任务进展", "Progress of key tasks"),
    "task": ("任务", "Task"),
    "status": ("状态", "Status"),
    "status.met": ("已完成", "done"),
    "status.on-track": ("按计划推进", "on track"),
    "status.behind": ("落后于计划", "behind plan"),
    "status.missed": ("已逾期", "overdue"),
    "status.unknown": ("无法计算", "unknown"),
    "plan_vs_actual": ("计划与实际（截至月末累计）", "Planned vs actual (cumulative to the month's end)"),
    "cutovers": ("系统割接", "System cutovers"),
    "decommissions": ("系统清理", "Systems decommissioned"),
    "networks_done": ("专网整合", "Networks consolidated"),
    "exits_done": ("出口整合", "Exits consolidated"),
    "slipped": ("延误事项", "What slipped"),
    "slipped_none": ("无延误。", "Nothing slipped."),
    "kind": ("类别", "Kind"),
    "kind.system": ("系统", "system"),
    "kind.network": ("专网", "network"),
    "kind.exit": ("出口", "exit"),
    "planned_by": ("计划完成", "Planned by"),
    "started": ("已开始", "Started"),
    "by_date": ("期限", "By"),
}


def text(lang: str) -> Callable[..., str]:
    """The translator for `lang`: t("key", **fields) -> the string with its fields filled in."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use zh or en")
    i = LANGS.index(lang)

    def t(key: str, **fields: object) -> str:
        if fields.get("n") == 1 and f"{key}.one" in STRINGS:
            key = f"{key}.one"
        pair = STRINGS.get(key)
        s = pair[i] if pair else key
        return s.format(**fields) if fields else s

    return t


def money(value: float, lang: str) -> str:
    """CNY, whole yuan; 万元 in Chinese above ten thousand.

    >>> money(1234567, "en"), money(1234567, "zh"), money(800, "zh")
    ('¥1,234,567', '123.5 万元', '800 元')
    """
    v = round(float(value))
    if lang == "zh":
        return f"{v / 10000:,.1f} 万元" if abs(v) >= 10000 else f"{v:,} 元"
    return f"¥{v:,}"


def pct(value: float | None, digits: int = 0) -> str:
    """A share as a percentage.

    >>> pct(0.7), pct(0.745, 1), pct(None)
    ('70 %', '74.5 %', '—')
    """
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f} %"


def name_of(obj: object, lang: str) -> str:
    """The object's name in the language (name_en in English when present), else its id."""
    if lang == "en" and getattr(obj, "name_en", ""):
        return obj.name_en  # type: ignore[attr-defined]
    return getattr(obj, "name", "") or getattr(obj, "id", "")
