"""Seeded generator of realistic fictional regions: an inventory and a topology (FORMATS.md).

`generate_region(systems, seed)` returns ``(inventory, topology)`` as plain dicts, the same for the
same arguments (one ``random.Random(seed)``, lists only, no set iteration). Proportions per ~400
systems, scaled linearly: ~60 departments (~35 at region level, the rest spread over
``systems / 65`` counties), ~60 private networks, ~120 internet exits, and among the systems the
cases the planner has to recognise — zombies, shadows, section systems, classified, blocked,
already on the government cloud, vertical, public-facing — plus a dependency graph around the
shared base systems (``pop-base``, ``legal-base``, ``spatial-base``, ``unified-id``,
``sharing-platform``, ``e-license``) with a few tight app/database groups and one tight cycle.

Invariants the tests rely on: every reference resolves; exits sit only on their own department's
networks and never on classified or retained ones; nothing depends on a zombie, shadow or section
system; tight dependencies join migrating systems of one department on one network (never a
classified one); published systems are migrating public-facing systems of the exit's department;
systems with data to share that could not reach the extranet early are already connected to the
sharing platform.

>>> inventory, topology = generate_region(40, seed=1)
>>> len(inventory["systems"]), inventory["region"]["level"]
(40, 'city')
"""

from __future__ import annotations

import bisect
import ipaddress
import itertools
import math
import random
from datetime import date, timedelta
from typing import Any

__all__ = ["generate_region", "BASE_SYSTEMS", "PLAN_START"]

PLAN_START = date(2017, 12, 4)
_STALE_BEFORE = PLAN_START - timedelta(days=730)
BASE_SYSTEMS = ("pop-base", "legal-base", "spatial-base", "unified-id", "sharing-platform", "e-license")
MIN_SYSTEMS = 20

# ---------------------------------------------------------------------------------------------
# Name pools. A department row: (slug, name, short, sections, network name, vertical network name,
# systems). A system: "slug|名称|功能|flags"; flags: p public-facing, r region scope,
# x cross-department, v vertical candidate, h special hardware, c classified only; a slug written
# "=id" is a fixed id (the base systems).
# ---------------------------------------------------------------------------------------------

_REGION_DEPARTMENTS = (
    ("zfb", "人民政府办公室", "政府办", "秘书科 综合科 电子政务科 督查室 信息科 机要科", "政务视频会议专网", "",
     "=unified-id|统一身份认证平台|统一身份认证|prx; =sharing-platform|数据共享交换平台|数据共享交换|rx;"
     "portal|人民政府门户网站|政府信息发布|p; oa|政务协同办公系统|协同办公|x; duban|督查督办系统|督查督办|;"
     "hotline|12345市民服务热线系统|热线受理|pr; doc|电子公文交换系统|公文交换|x; xxgk|政府信息公开平台|信息公开|p;"
     "jiyao|机要文件管理系统|机要文件流转|c"),
    ("gaj", "公安局", "公安", "指挥中心 科技信息化支队 户政支队 出入境管理支队 交警支队 网安支队", "公安视频专网", "公安信息网",
     "=pop-base|人口基础信息库|人口信息管理|rx; jwzh|警务综合平台|警务综合|x; jtwf|交通违法处理系统|交通违法处理|pv;"
     "crj|出入境管理系统|出入境证件办理|pv; huji|户籍管理系统|户籍管理|v; spjk|视频监控联网平台|视频监控|xh;"
     "jdc|机动车驾驶人管理系统|车驾管业务|pv; pgis|警用地理信息系统|警用地理信息|; qbxx|情报信息系统|情报研判|c;"
     "wbjg|网吧监管系统|上网服务场所监管|"),
    ("gsj", "工商行政管理局", "工商", "注册局 市场规范管理科 企业监督管理科 消费者权益保护科 信息中心", "工商业务专网", "",
     "=legal-base|法人单位基础信息库|法人信息管理|rx; qyxy|企业信用信息公示系统|企业信用公示|pv;"
     "djzc|市场主体登记注册系统|市场主体登记|pv; ts12315|12315消费者投诉举报系统|投诉举报受理|p;"
     "htjg|合同监管系统|合同监管|; ggjc|广告监测系统|广告监测|"),
    ("gtj", "国土资源局", "国土", "地籍科 耕地保护科 矿产资源科 执法监察支队 信息中心", "国土资源专网", "国土资源部门专网",
     "=spatial-base|自然资源和空间地理基础信息库|空间地理信息|rx; bdc|不动产登记系统|不动产登记|p;"
     "yzt|国土资源一张图|国土资源数据管理|x; tdcb|土地储备管理系统|土地储备|; kcgl|矿产资源管理系统|矿产资源管理|v;"
     "zfjc|国土执法监察系统|执法监察|"),
    ("zwfw", "政务服务中心管理办公室", "政务服务", "综合科 审批协调科 信息科 公共资源交易科", "政务服务专网", "",
     "=e-license|电子证照库|电子证照管理|rx; wsdt|网上政务服务大厅|网上办事|pr; xzsp|行政审批服务平台|行政审批|x;"
     "ggzy|公共资源交易平台|公共资源交易|p; dzjc|电子监察系统|电子监察|; pjxt|政务服务评价系统|服务评价|p"),
    ("fgw", "发展和改革委员会", "发改", "办公室 投资科 价格科 规划科 重点项目办 信用办", "发改专网", "",
     "invest|投资项目在线审批监管平台|投资项目审批|pv; xypt|公共信用信息平台|信用信息归集|x;"
     "jgjc|价格监测系统|价格监测|v; zdxm|重点项目管理系统|重点项目调度|; xyw|信用网站|信用信息公示|p;"
     "nyyx|能源运行监测系统|能源运行监测|"),
    ("jxw", "经济和信息化委员会", "经信", "办公室 运行监测科 信息化推进科 技术进步科 中小企业科", "经信专网", "",
     "yxjc|工业经济运行监测系统|经济运行监测|; zxqy|中小企业公共服务平台|中小企业服务|p;"
     "jnjc|节能监察系统|节能监察|; xxhxm|信息化项目管理系统|信息化项目管理|"),
    ("jyj", "教育局", "教育", "办公室 基础教育科 职业教育科 学生资助管理中心 招生考试中心 电教馆", "教育城域网", "教育系统专网",
     "xjgl|中小学学籍管理系统|学籍管理|v; zsks|招生考试管理系统|招生考试|p; zygx|教育资源公共服务平台|教育资源共享|p;"
     "xszz|学生资助管理系统|学生资助|v; xyaq|校园安全监控平台|校园安全监控|; jsgl|教师管理信息系统|教师管理|v"),
    ("wjw", "卫生和计划生育委员会", "卫计", "办公室 医政医管科 疾病预防控制科 妇幼健康科 计划生育基层指导科 信息中心",
     "卫生专网", "卫生计生纵向专网",
     "qmjk|全民健康信息平台|健康信息共享|x; jkda|电子健康档案系统|健康档案管理|; jhsy|计划生育管理系统|计划生育服务|v;"
     "yygh|预约挂号平台|预约挂号|p; jbfk|疾病预防控制信息系统|疾病防控|v; xnh|新农合管理系统|新农合结算|h;"
     "wsjd|卫生监督信息系统|卫生监督|"),
    ("rsj", "人力资源和社会保障局", "人社", "办公室 社会保险科 就业促进科 劳动关系科 人事考试中心 信息中心",
     "人社业务专网", "人社系统纵向专网",
     "shebao|社会保险业务系统|社会保险经办|x; yibao|医疗保险结算系统|医保结算|x; sbk|社会保障卡管理系统|社保卡管理|h;"
     "jyfw|就业服务管理系统|就业服务|p; ldjc|劳动保障监察系统|劳动监察|; rsks|人事考试报名系统|考试报名|p;"
     "rsda|人事档案管理系统|人事档案|"),
    ("mzj", "民政局", "民政", "办公室 社会救助科 社会福利科 婚姻登记处 基层政权科 社会组织管理科", "民政专网", "",
     "shjz|社会救助管理系统|社会救助|v; hydj|婚姻登记管理系统|婚姻登记|v; ylfw|养老服务信息平台|养老服务|p;"
     "shzz|社会组织管理系统|社会组织登记|p; dsrhd|低收入家庭认定系统|收入核对|x; bzgl|殡葬管理系统|殡葬管理|"),
    ("czj", "财政局", "财政", "办公室 预算科 国库科 政府采购管理科 综合科 信息中心", "财政专网", "",
     "ysgl|预算管理系统|预算编制|x; gkzf|国库集中支付系统|国库支付|xh; zfcg|政府采购管理平台|政府采购|p;"
     "fsjk|非税收入收缴系统|非税收缴|ph; zcgl|行政事业单位资产管理系统|资产管理|v; czyth|财政一体化平台|财政业务一体化|x"),
    ("zjj", "住房和城乡建设局", "住建", "办公室 建筑业管理科 房地产市场监管科 城建档案馆 质量安全监督站", "住建专网", "",
     "jzsc|建筑市场监管平台|建筑市场监管|p; wqba|房屋交易网签备案系统|网签备案|p; stsc|施工图审查系统|施工图审查|;"
     "cjda|城建档案管理系统|城建档案|; wygl|物业管理系统|物业管理|"),
    ("jtj", "交通运输局", "交通", "办公室 运输管理处 公路管理科 综合执法支队", "交通专网", "交通运输行业专网",
     "dlys|道路运输管理系统|道路运输管理|v; gjdd|公交智能调度系统|公交调度|; czjg|出租汽车监管平台|出租车监管|;"
     "jtzf|交通运输执法系统|执法办案|; cxfw|出行服务网站|出行信息服务|p"),
    ("slj", "水利局", "水利", "办公室 水资源科 防汛抗旱指挥部办公室 水土保持科", "水利专网", "",
     "fxkh|防汛抗旱指挥系统|防汛指挥|x; szyjc|水资源监测系统|水资源监测|; slgc|水利工程管理系统|水利工程管理|"),
    ("nyj", "农业局", "农业", "办公室 种植业科 畜牧兽医科 农产品质量安全监管科 农机科", "农业专网", "",
     "ncpzs|农产品质量安全追溯系统|质量追溯|p; dwfy|动物疫病防控系统|动物防疫|v; njgl|农机管理系统|农机管理|;"
     "tdcbjy|农村土地承包经营权管理系统|土地承包管理|x"),
    ("hbj", "环境保护局", "环保", "办公室 污染防治科 环境监测站 环境监察支队", "环保专网", "",
     "wryjk|污染源在线监控系统|污染源监控|h; hjzl|环境质量监测系统|环境质量监测|p; hpsp|建设项目环评审批系统|环评审批|p;"
     "hjyj|环境应急管理系统|环境应急|"),
    ("swj", "商务局", "商务", "办公室 对外贸易科 市场运行科 外资科", "商务专网", "",
     "swyx|商务运行监测系统|商务运行监测|v; dsfw|电子商务公共服务平台|电商服务|p; wzgl|外商投资管理系统|外资管理|v"),
    ("wgx", "文化广电新闻出版局", "文广新", "办公室 文化艺术科 广播电视科 文化市场管理科", "文化专网", "",
     "whsc|文化市场综合执法系统|文化市场执法|; ggwh|公共文化服务平台|公共文化服务|p; tsg|数字图书馆系统|图书借阅|p;"
     "gbds|广播电视监测系统|广电监测|h"),
    ("tjj", "统计局", "统计", "办公室 综合科 工业交通统计科 农村统计科", "统计专网", "统计联网直报专网",
     "lwzb|统计联网直报系统|联网直报|v; tjsj|统计数据管理系统|统计数据管理|; tjw|统计信息网|统计信息发布|p;"
     "jjpc|经济普查数据处理系统|普查数据处理|v"),
    ("sjj", "审计局", "审计", "办公室 财政审计科 经济责任审计科 计算机审计中心", "审计专网", "",
     "sjgl|审计管理系统|审计管理|v; lwsj|联网审计系统|联网审计|x"),
    ("ajj", "安全生产监督管理局", "安监", "办公室 监督管理科 危险化学品科 执法监察支队", "安监专网", "",
     "aqjg|安全生产监管信息系统|安全监管|; yhpc|隐患排查治理系统|隐患排查|x; whp|危险化学品监管系统|危化品监管|"),
    ("spj", "食品药品监督管理局", "食药监", "办公室 食品安全监管科 药品注册科 稽查支队", "食药监专网", "",
     "spaq|食品安全监管系统|食品安全监管|; ypzs|药品流通追溯系统|药品追溯|v; xzxk|食品药品行政许可系统|行政许可|p"),
    ("zjs", "质量技术监督局", "质监", "办公室 计量科 特种设备安全监察科 标准化科", "质监专网", "",
     "tzsb|特种设备安全监察系统|特种设备监察|v; zzjg|组织机构代码管理系统|机构代码管理|vh; jlgl|计量管理系统|计量管理|"),
    ("lyw", "旅游发展委员会", "旅游", "办公室 规划发展科 市场推广科 行业管理科", "旅游专网", "",
     "zhly|智慧旅游平台|旅游服务|p; lytj|旅游统计系统|旅游统计|; pwxt|景区票务系统|景区票务|ph"),
    ("ds", "地方税务局", "地税", "办公室 征管科 纳税服务科 信息中心", "地税专网", "金税专网",
     "jssq|金税三期税收管理系统|税收征管|vh; wsbs|网上办税服务厅|网上办税|pv; nsrx|纳税服务热线系统|纳税咨询|"),
    ("ghj", "城乡规划局", "规划", "办公室 规划编制科 建设用地规划科 规划信息中心", "规划专网", "",
     "ghsp|规划审批管理系统|规划审批|p; ghyzt|规划一张图系统|规划数据管理|x; ghgs|规划公示系统|规划公示|p"),
    ("cgj", "城市管理局", "城管", "办公室 市容环境科 综合执法支队 数字城管监督指挥中心", "城管专网", "",
     "szcg|数字化城市管理系统|数字城管|x; hwgg|户外广告审批系统|户外广告审批|p; cgzf|城管执法办案系统|执法办案|"),
    ("fzb", "政府法制办公室", "法制", "办公室 法规科 执法监督科 行政复议科", "法制专网", "",
     "zfjd|行政执法监督平台|执法监督|x; gfxwj|规范性文件管理系统|文件备案|p; xzfy|行政复议案件管理系统|行政复议|"),
    ("xfj", "信访局", "信访", "办公室 来访接待科 网上信访科 督查科", "信访专网", "国家信访信息专网",
     "wsxf|网上信访系统|网上信访|pv; xfxx|信访信息系统|信访事项办理|v"),
    ("sfj", "司法局", "司法", "办公室 法制宣传科 律师公证管理科 社区矫正科", "司法专网", "",
     "sqjz|社区矫正管理系统|社区矫正|v; flyz|法律援助管理系统|法律援助|p; rmtj|人民调解系统|人民调解|;"
     "flfw|法律服务网|法律服务|p"),
    ("gjj", "住房公积金管理中心", "公积金", "办公室 归集科 贷款科 财务科 信息科", "公积金专网", "",
     "gjjyw|住房公积金业务系统|公积金归集贷款|xh; gjjwt|公积金网上服务大厅|公积金网上办理|p;"
     "gjjdx|公积金短信服务平台|短信通知|"),
    ("dab", "档案局", "档案", "办公室 业务指导科 接收征集科 利用服务科", "档案专网", "",
     "szdag|数字档案馆系统|数字档案|p; dagl|档案管理系统|档案管理|"),
    ("rfb", "人民防空办公室", "人防", "办公室 指挥通信科 工程管理科", "人防专网", "",
     "rfzh|人防指挥信息系统|人防指挥|c; rfgc|人防工程管理系统|人防工程管理|; jbkz|防空警报控制系统|警报控制|h"),
    ("bmj", "国家保密局", "保密", "办公室 保密检查科 技术科", "保密专网", "",
     "bmgl|保密管理系统|保密管理|c; smzt|涉密载体管理系统|涉密载体管理|c; bmjc|保密技术检查系统|保密检查|c"),
    ("gzw", "国有资产监督管理委员会", "国资", "办公室 产权管理科 企业改革科", "国资专网", "",
     "gzjg|国资监管信息系统|国资监管|; cqjy|产权交易系统|产权交易|p"),
    ("jgsw", "机关事务管理局", "机关事务", "办公室 公务用车管理科 节能科", "机关事务专网", "",
     "gwyc|公务用车管理系统|公务用车|x; ggjn|公共机构节能监测系统|节能监测|"),
    ("qxj", "气象局", "气象", "办公室 观测科 预报服务科", "气象专网", "气象宽带网",
     "qxfw|气象信息服务系统|气象服务|pv; zdz|自动气象站监测系统|气象观测|vh"),
    ("jrb", "金融工作办公室", "金融办", "办公室 银行证券科 地方金融监管科", "金融专网", "",
     "dfjr|地方金融监管系统|金融监管|; rzdb|融资担保监管系统|担保监管|"),
    ("bb", "机构编制委员会办公室", "编办", "办公室 机构编制科 事业单位登记管理局", "编办专网", "",
     "smz|机构编制实名制管理系统|实名制管理|v; sydw|事业单位登记管理系统|事业单位登记|p"),
    ("wjj", "物价局", "物价", "办公室 收费管理科 价格监督检查科", "物价专网", "",
     "jgjd|价格监督检查系统|价格检查|; sfgl|收费管理系统|收费管理|"),
    ("lyj", "林业局", "林业", "办公室 造林科 森林防火办 林政科", "林业专网", "",
     "slfh|森林防火指挥系统|森林防火|x; lqgl|林权管理系统|林权登记|p"),
    ("kjj", "科学技术局", "科技", "办公室 计划科 成果科 高新技术科", "科技专网", "",
     "kjxm|科技项目管理系统|科技项目管理|p; zjk|科技专家库|专家管理|; cgzh|科技成果转化平台|成果转化|p"),
    ("mzzj", "民族宗教事务局", "民宗", "办公室 宗教科", "民宗专网", "",
     "zjsw|宗教事务管理系统|宗教事务|"),
)

# County-level departments: (slug, name, region template they borrow systems and sections from).
_COUNTY_DEPARTMENTS = (
    ("zfb", "人民政府办公室", "zfb"), ("gaj", "公安局", "gaj"), ("rsj", "人力资源和社会保障局", "rsj"),
    ("jyj", "教育局", "jyj"), ("wjj", "卫生和计划生育局", "wjw"), ("mzj", "民政局", "mzj"),
    ("czj", "财政局", "czj"), ("gtj", "国土资源局", "gtj"), ("zjj", "住房和城乡建设局", "zjj"),
    ("nyj", "农业局", "nyj"), ("scj", "市场监督管理局", "gsj"), ("hbj", "环境保护局", "hbj"),
    ("jtj", "交通运输局", "jtj"), ("slj", "水利局", "slj"), ("zwfw", "政务服务中心", "zwfw"),
    ("tjj", "统计局", "tjj"), ("ajj", "安全生产监督管理局", "ajj"), ("sfj", "司法局", "sfj"),
    ("fgj", "发展和改革局", "fgw"), ("jxj", "经济和信息化局", "jxw"), ("ds", "地方税务局", "ds"),
)

# Affiliated units, for regions larger than the department pool.
_AFFILIATES = (("xxzx", "信息中心"), ("zfzd", "综合执法支队"), ("fwzx", "服务中心"), ("swzx", "事务中心"),
               ("jczx", "监测中心"), ("glc", "管理处"), ("yjs", "研究所"))

_GENERIC_SYSTEMS = (
    "oa|{s}办公自动化系统|办公自动化|; web|{s}门户网站|信息发布|p; dagl|{s}档案管理系统|档案管理|;"
    "cwgl|财务管理系统|财务核算|; rsgl|人事管理系统|人事管理|; sphy|视频会议系统|视频会议|;"
    "mail|内部邮件系统|电子邮件|; im|即时通讯系统|即时通讯|; zfba|行政执法办案系统|执法办案|;"
    "gdzc|固定资产管理系统|资产管理|; zwgk|{s}政务公开系统|政务公开|p; sms|短信服务平台|短信通知|;"
    "wechat|{s}微信公众服务平台|移动服务|p; tjbb|统计报表系统|统计报表|; ydbg|移动办公系统|移动办公|;"
    "zsk|业务知识库|知识管理|; jxkh|绩效考核系统|绩效考核|; xxbs|信息报送系统|信息报送|"
)
_CLASSIFIED_SYSTEMS = "smbg|涉密办公系统|涉密办公|c; smwj|涉密文件交换系统|涉密文件交换|c; smsp|涉密视频会议系统|涉密视频会议|c"
_SECTION_SUFFIXES = (("tz", "台账管理系统", "台账管理"), ("bs", "信息报送系统", "信息报送"),
                     ("tj", "业务统计系统", "业务统计"), ("cj", "数据采集系统", "数据采集"),
                     ("sp", "审批辅助系统", "审批辅助"), ("da", "资料管理系统", "资料管理"))
_SYLLABLES = (("an", "安"), ("ping", "平"), ("qing", "清"), ("he", "河"), ("dong", "东"), ("xi", "西"),
              ("nan", "南"), ("bei", "北"), ("yang", "阳"), ("shan", "山"), ("ning", "宁"), ("feng", "丰"),
              ("le", "乐"), ("xin", "新"), ("xing", "兴"), ("yong", "永"), ("chang", "长"), ("lin", "临"),
              ("gao", "高"), ("ming", "明"), ("hua", "华"), ("shi", "石"), ("yun", "云"), ("shui", "水"),
              ("long", "龙"), ("jin", "金"), ("hui", "惠"), ("kang", "康"), ("tai", "泰"), ("jing", "靖"))
_CN_DIGITS = "零一二三四五六七八九十"
_CARRIERS = ("telecom", "unicom", "mobile", "other")
_CARRIER_WEIGHTS = (45, 30, 20, 5)
# Public address space each carrier hands out to exits (Shandong-like ranges; one block per exit).
_CARRIER_SPACE = {"telecom": "222.132.0.0/14", "unicom": "60.216.0.0/14", "mobile": "120.192.0.0/14",
                  "other": "219.146.0.0/15"}
_BLOCKERS = {"v": "国家垂直系统", "h": "专用硬件/加密机", "": "厂商锁定"}
_RETAIN_REASONS = ("国家有特殊规定，需独立组网", "涉及公共安全，上级部门统一管理")
_BASE_DEPENDENCY_WEIGHTS = (("unified-id", 5), ("sharing-platform", 4), ("pop-base", 4), ("legal-base", 3),
                            ("e-license", 2), ("spatial-base", 1))
_BASE_DEPENDENCIES = {  # how the base systems lean on each other
    "sharing-platform": ("pop-base", "legal-base", "spatial-base", "e-license"),
    "e-license": ("unified-id",),
    "pop-base": ("unified-id",),
    "legal-base": ("unified-id",),
}
_BASE_SHARES = {
    "pop-base": ["人口基本信息", "户籍信息"], "legal-base": ["法人单位基本信息", "企业登记信息"],
    "spatial-base": ["基础地理信息", "地名地址信息"], "e-license": ["电子证照信息"],
    "unified-id": ["用户身份信息"], "sharing-platform": ["共享交换目录"],
}


def _parse_systems(text: str) -> tuple[tuple[str, str, str, str, bool], ...]:
    out = []
    for item in text.split(";"):
        item = item.strip()
        if item:
            slug, name, function, flags = item.split("|")
            out.append((slug.lstrip("="), name, function, flags, slug.startswith("=")))
    return tuple(out)


_DEPT_SYSTEMS = {row[0]: _parse_systems(row[6]) for row in _REGION_DEPARTMENTS}
_DEPT_ROWS = {row[0]: row for row in _REGION_DEPARTMENTS}
_GENERIC = _parse_systems(_GENERIC_SYSTEMS)
_CLASSIFIED = _parse_systems(_CLASSIFIED_SYSTEMS)
_BASE_HOLDERS = tuple(row[0] for row in _REGION_DEPARTMENTS if any(t[4] for t in _DEPT_SYSTEMS[row[0]]))


def _cn_number(n: int) -> str:
    """Chinese numeral for 1..99, Arabic digits beyond.

    >>> _cn_number(2), _cn_number(12), _cn_number(40)
    ('二', '十二', '四十')
    """
    if n <= 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _county_section(name: str) -> str:
    """A city section's name one level down: 科 becomes 股, 支队 becomes 大队.

    >>> _county_section("投资科"), _county_section("科技信息化支队")
    ('投资股', '科技信息化大队')
    """
    for city, county in (("科", "股"), ("支队", "大队")):
        if name.endswith(city):
            return name[: -len(city)] + county
    return name


def _unique(base: str, used: dict[str, int]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is still free; records it as used."""
    if base not in used:
        used[base] = 1
        return base
    n = used[base]
    while True:
        n += 1
        candidate = f"{base}-{n}"
        if candidate not in used:
            used[base] = n
            used[candidate] = 1
            return candidate


def _nice_ceil(value: float, step: float) -> float:
    return math.ceil(value / step) * step


def _pow2_prefix(addresses: int, minimum_prefix: int = 30) -> int:
    """Longest prefix whose block holds `addresses` addresses.

    >>> _pow2_prefix(7680), _pow2_prefix(8192)
    (19, 19)
    """
    return min(minimum_prefix, 32 - max(0, math.ceil(math.log2(max(1, addresses)))))


def _dotted(address: int) -> str:
    """
    >>> _dotted(167904004)
    '10.2.3.4'
    """
    return f"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}"


def _cidr(base: int, prefix: int) -> str:
    return f"{_dotted(base)}/{prefix}"


def _one(rng: random.Random, seq: Any) -> Any:
    """A uniform choice (like ``rng.choice``, cheaper)."""
    return seq[int(rng.random() * len(seq))]


def _between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] (like ``rng.randint``, cheaper)."""
    return low + int(rng.random() * (high - low + 1))


def _below(rng: random.Random, start: int, stop: int | None = None) -> int:
    """A uniform integer in [start, stop) or [0, start) (like ``rng.randrange``, cheaper)."""
    if stop is None:
        start, stop = 0, start
    return start + int(rng.random() * (stop - start))


_CUMULATIVE: dict[tuple[int, ...], list[int]] = {}


def _pick(rng: random.Random, population: tuple[Any, ...], weights: tuple[int, ...]) -> Any:
    """One weighted choice (like ``rng.choices(population, weights)[0]``, cheaper)."""
    cumulative = _CUMULATIVE.get(weights)
    if cumulative is None:
        cumulative = _CUMULATIVE[weights] = list(itertools.accumulate(weights))
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


# ---------------------------------------------------------------------------------------------
# Internal records (plain, mutable while generating; turned into FORMATS.md dicts at the end)
# ---------------------------------------------------------------------------------------------


class _Dept:
    __slots__ = ("index", "id", "name", "county", "sections", "template", "short", "is_region", "systems",
                 "main_net", "vertical_net", "classified_net", "extra_classified", "networks", "exits",
                 "weight", "count", "approvers")

    def __init__(self, index: int, id: str, name: str, county: str | None, sections: list[str],
                 template: str, short: str) -> None:
        self.index, self.id, self.name, self.county = index, id, name, county
        self.sections, self.template, self.short = sections, template, short
        self.is_region = county is None
        self.systems: list[_Sys] = []
        self.main_net: _Net | None = None
        self.vertical_net: _Net | None = None
        self.classified_net: _Net | None = None
        self.extra_classified = False
        self.networks: list[_Net] = []
        self.exits: list[dict[str, Any]] = []
        self.weight = 1.0
        self.count = 1
        self.approvers: list[str] = []


class _Net:
    __slots__ = ("id", "name", "dept", "kind", "retained", "cidrs", "sites", "carrier", "cost", "retain",
                 "base", "size", "used")

    def __init__(self, id: str, name: str, dept: _Dept, kind: str) -> None:
        self.id, self.name, self.dept, self.kind = id, name, dept, kind  # kind: main | vertical | classified
        self.retained = False
        self.cidrs: list[str] = []
        self.sites = 1
        self.carrier = "telecom"
        self.cost = 0
        self.retain: dict[str, str] | None = None
        self.base = 0
        self.size = 0
        self.used: dict[int, bool] = {}

    @property
    def consolidatable(self) -> bool:
        return self.kind != "classified" and not self.retained


class _Sys:
    __slots__ = ("dept", "slug", "name", "function", "flags", "fixed", "role", "id", "section", "public",
                 "network", "hosting", "tight", "companion", "zombie_rules", "replace", "record", "published")

    def __init__(self, dept: _Dept, template: tuple[str, str, str, str, bool]) -> None:
        self.dept = dept
        self.slug, self.name, self.function, self.flags, self.fixed = template
        self.role = "base" if self.fixed else ""
        self.id = ""
        self.section: str | None = None
        self.public = False
        self.network = ""
        self.hosting = "self-room"
        self.tight: list[tuple[_Sys, list[int]]] = []  # tight dependencies with their ports
        self.companion = ""  # "db" | "front" for the members added to an app's tight group
        self.zombie_rules: list[str] = []
        self.replace: _Sys | None = None
        self.record: dict[str, Any] = {}
        self.published = False

    @property
    def migrating(self) -> bool:
        """Expected to be migrated by the planner (not classified, blocked, cleaned up or on cloud)."""
        return self.role in ("base", "normal", "tight", "vertical")

    @property
    def depend_target(self) -> bool:
        """Something other systems may depend on."""
        return self.role in ("base", "normal", "tight", "vertical", "blocked", "oncloud")


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def generate_region(systems: int, seed: int, counties: int | None = None, *,
                    region: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fictional region with `systems` systems: ``(inventory, topology)`` as FORMATS.md dicts.

    `counties` defaults to ``max(2, round(systems / 65))``. `region` (optional) fixes the region's
    identity: ``{"id", "name", "level", "counties": [{"id", "name", "townships"}, ...]}``; its
    counties then override `counties`. Dates are ``datetime.date`` objects.
    """
    if systems < MIN_SYSTEMS:
        raise ValueError(f"systems={systems}: a region needs at least {MIN_SYSTEMS} systems")
    return _Generator(systems, seed, counties, region).run()


class _Generator:
    def __init__(self, n: int, seed: int, counties: int | None, region: dict[str, Any] | None) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.region_spec = region
        self.n_counties = len(region["counties"]) if region else (counties or max(2, round(n / 65)))
        self.depts: list[_Dept] = []
        self.systems: list[_Sys] = []
        self.networks: list[_Net] = []
        self.exits: list[dict[str, Any]] = []
        self.assets: list[dict[str, Any]] = []
        self.ids: dict[str, int] = {}

    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        self._make_region()
        self._make_departments()
        self._size_departments()
        self._plan_networks()
        self._make_systems()
        self._choose_tight_groups()
        self._assign_roles()
        self._name_systems()
        self._place_systems()
        self._fill_system_records()
        self._add_dependencies()
        self._address_networks()
        self._make_exits()
        self._make_assets()
        inventory = {
            "region": self.region,
            "departments": [self._department_dict(d) for d in self.depts],
            "systems": [s.record for s in self.systems],
            "networks": [self._network_dict(net) for net in self.networks],
            "exits": self.exits,
            "assets": self.assets,
        }
        return inventory, self._make_topology()

    # -- region and departments ---------------------------------------------------------------

    def _make_region(self) -> None:
        """The region and its counties: given by the caller, or made up from syllables."""
        rng = self.rng
        if self.region_spec:
            spec = self.region_spec
            self.region = {"id": spec["id"], "name": spec["name"], "level": spec.get("level", "city"),
                           "counties": [{"id": c["id"], "name": c["name"], "townships": c["townships"]}
                                        for c in spec["counties"]]}
        else:
            province = self.n_counties > 40
            a, b = rng.sample(_SYLLABLES, 2)
            suffix = "省" if province else "市"
            used: dict[str, int] = {}
            counties = []
            for i in range(self.n_counties):
                c, d = rng.sample(_SYLLABLES, 2)
                kind = "市" if province else ("区" if i < 2 else _one(rng, "县县县市"))
                counties.append({"id": _unique(c[0] + d[0], used), "name": c[1] + d[1] + kind,
                                 "townships": _between(rng, 6, 22)})
            self.region = {"id": a[0] + b[0], "name": a[1] + b[1] + suffix,
                           "level": "province" if province else "city", "counties": counties}
        self.county_names = {c["id"]: c["name"] for c in self.region["counties"]}
        self.prefix = "省" if self.region["level"] == "province" else "市"

    def _make_departments(self) -> None:
        """~35 region-level departments per 400 systems, the rest spread over the counties."""
        rng, n = self.rng, self.n
        n_region = max(len(_BASE_HOLDERS) + 1, round(n * 35 / 400))
        n_total = max(n_region + self.n_counties, round(n * 60 / 400))
        used = self.ids_departments = {}
        for i in range(n_region):
            row = _REGION_DEPARTMENTS[i % len(_REGION_DEPARTMENTS)]
            round_ = i // len(_REGION_DEPARTMENTS)
            slug, name = row[0], self.prefix + row[1]
            if round_:
                aff_slug, aff_name = _AFFILIATES[(round_ - 1) % len(_AFFILIATES)]
                slug, name = f"{slug}-{aff_slug}", name + aff_name
            dept = _Dept(len(self.depts), _unique(slug, used), name, None, row[3].split(), row[0], row[2])
            if round_ > len(_AFFILIATES):
                dept.name += f"第{_cn_number(round_ // len(_AFFILIATES) + 1)}分部"
            dept.weight = (1.0 + rng.random()) * (1.4 if slug in _BASE_HOLDERS else 1.0)
            dept.approvers = [f"{self.prefix}发展改革委", f"{self.prefix}政府办公室", f"{self.prefix}财政局", name]
            self.depts.append(dept)
        per_county = [(n_total - n_region) // self.n_counties] * self.n_counties
        for i in range((n_total - n_region) % self.n_counties):
            per_county[i] += 1
        for county, k in zip(self.region["counties"], per_county, strict=True):
            picks = sorted(rng.sample(range(len(_COUNTY_DEPARTMENTS)), min(k, len(_COUNTY_DEPARTMENTS))))
            picks += [_below(rng, len(_COUNTY_DEPARTMENTS)) for _ in range(k - len(picks))]
            for p in picks:
                slug, name, template = _COUNTY_DEPARTMENTS[p]
                row = _DEPT_ROWS[template]
                sections = ["办公室"] + [_county_section(s) for s in row[3].split() if s != "办公室"][: _between(rng, 2, 3)]
                dept = _Dept(len(self.depts), _unique(f"{county['id']}-{slug}", used), county["name"] + name,
                             county["id"], sections, template, row[2])
                dept.weight = 0.5 + 0.8 * rng.random()
                dept.approvers = [f"{county['name']}发展改革局", f"{county['name']}人民政府",
                                  f"{county['name']}财政局", dept.name]
                self.depts.append(dept)

    def _size_departments(self) -> None:
        """Systems per department: a minimum each, the rest by weight (largest remainder)."""
        minimum = {}
        for d in self.depts:
            base = sum(1 for t in _DEPT_SYSTEMS[d.template] if t[4]) if d.is_region and d.id in _BASE_HOLDERS else 0
            minimum[d.id] = base + 1
        spare = self.n - sum(minimum.values())
        if spare < 0:
            raise ValueError(f"systems={self.n}: too few for {len(self.depts)} departments")
        total_weight = sum(d.weight for d in self.depts)
        shares = [spare * d.weight / total_weight for d in self.depts]
        counts = [math.floor(s) for s in shares]
        left = spare - sum(counts)
        order = sorted(range(len(self.depts)), key=lambda i: (counts[i] - shares[i], i))
        for i in order[:left]:
            counts[i] += 1
        for d, c in zip(self.depts, counts, strict=True):
            d.count = minimum[d.id] + c

    def _plan_networks(self) -> None:
        """Which departments run a private, a vertical and a classified network; which are retained."""
        rng, n = self.rng, self.n
        for d in self.depts:
            if d.id in _BASE_HOLDERS or rng.random() < (0.9 if d.is_region else 0.8):
                d.main_net = self._add_net(f"net-{d.id}", self._net_name(d, _DEPT_ROWS[d.template][4]), d, "main")
        # classified networks: the secrecy-minded departments first, then any region-level one with room
        n_classified = max(1, round(n / 200))
        preferred = ["bmj", "gaj", "rfb", "zfb"]
        candidates = [d for d in self.depts if d.is_region and d.count >= 3]
        candidates.sort(key=lambda d: (preferred.index(d.id) if d.id in preferred else 9, d.index))
        head, tail = candidates[:4], candidates[4:]
        rng.shuffle(tail)
        for d in (head + tail)[:n_classified]:
            d.classified_net = self._add_net(f"net-{d.id}-sm", self._net_name(d, f"{d.short}涉密网"), d, "classified")
        # vertical networks run by the upper level, in departments with vertical business
        n_vertical = max(1, round(n / 80))
        candidates = [d for d in self.depts if any("v" in t[3] for t in _DEPT_SYSTEMS[d.template])]
        region_first = [d for d in candidates if d.is_region] + [d for d in candidates if not d.is_region]
        head = region_first[: max(1, n_vertical // 2)]
        tail = region_first[len(head):]
        rng.shuffle(tail)
        for d in head + tail[: n_vertical - len(head)]:
            name = _DEPT_ROWS[d.template][5] or f"{d.short}纵向专网"
            d.vertical_net = self._add_net(f"net-{d.id}-zx", self._net_name(d, name), d, "vertical")
        verticals = [net for net in self.networks if net.kind == "vertical"]
        for net in rng.sample(verticals, min(len(verticals), max(1, round(n / 250)))):
            net.retained = True
            net.retain = {"approved_by": f"{self.prefix}人民政府", "reason": _one(rng, _RETAIN_REASONS)}
        # a few extra classified systems sit directly on the intranet
        others = [d for d in self.depts if d.is_region and d.classified_net is None and d.count >= 3]
        for d in rng.sample(others, min(len(others), round(n / 400))):
            d.extra_classified = True
        self.networks.sort(key=lambda net: (net.dept.index, ("main", "vertical", "classified").index(net.kind)))

    def _net_name(self, d: _Dept, name: str) -> str:
        county = self.county_names.get(d.county, "") if d.county else ""
        return (county[:-1] if county else "") + name

    def _add_net(self, id: str, name: str, d: _Dept, kind: str) -> _Net:
        net = _Net(id, name, d, kind)
        d.networks.append(net)
        self.networks.append(net)
        return net

    # -- systems ------------------------------------------------------------------------------

    def _make_systems(self) -> None:
        """Each department's systems from its templates: base and classified ones first, then the rest."""
        rng = self.rng
        for d in self.depts:
            own = [t for t in _DEPT_SYSTEMS[d.template] if "c" not in t[3]]
            base = [t for t in own if t[4]] if d.is_region and d.id in _BASE_HOLDERS else []
            specific = [t for t in own if not t[4]]
            generic = list(_GENERIC)
            rng.shuffle(generic)
            if not d.is_region:
                rng.shuffle(specific)
            n_classified = 0
            if d.classified_net is not None:
                n_classified = 2 if d.count >= 4 else 1
            elif d.extra_classified:
                n_classified = 1
            classified = [t for t in _DEPT_SYSTEMS[d.template] if "c" in t[3]] + list(_CLASSIFIED)
            pool = specific + generic
            picks = base + classified[:n_classified]
            need = d.count - len(picks)
            for i in range(need):
                slug, name, function, flags, _ = pool[i % len(pool)]
                round_ = i // len(pool)
                if round_:
                    slug, name = f"{slug}-{round_ + 1}", f"{name}{_cn_number(round_ + 1)}期"
                picks.append((slug, name, function, flags, False))
            for k, t in enumerate(picks):
                s = _Sys(d, t)
                s.name = s.name.replace("{s}", d.short)
                if base and k < len(base):
                    s.role = "base"
                elif k < len(base) + n_classified:
                    s.role = "classified"
                d.systems.append(s)
                self.systems.append(s)

    def _choose_tight_groups(self) -> None:
        """Tight groups inside departments: one (or more) cycles of three, apps with database/front end."""
        rng, n = self.rng, self.n

        def free(d: _Dept) -> list[_Sys]:
            return [s for s in d.systems if s.role == "" and "v" not in s.flags and "h" not in s.flags]

        hosts = [d for d in self.depts if d.main_net is not None and len(free(d)) >= 4]
        n_cycles = max(1, round(n / 400))
        cycle_hosts = sorted(hosts, key=lambda d: (d.template != "rsj" or not d.is_region, d.index))
        cycle_hosts = cycle_hosts[:1] + rng.sample(cycle_hosts[1:], min(len(cycle_hosts) - 1, n_cycles - 1))
        for d in cycle_hosts:
            members = free(d)[:3]
            for a, b in zip(members, members[1:] + members[:1], strict=True):
                a.tight.append((b, [8080]))
            for s in members:
                s.role = "tight"
        hosts = [d for d in hosts if len(free(d)) >= 3]
        for i, d in enumerate(rng.sample(hosts, min(len(hosts), round(n / 50)))):
            app, db = free(d)[:2]
            db.name, db.function, db.flags, db.companion = app.name + "数据库", "数据存储", "", "db"
            db.slug = app.slug + "-db"
            app.tight.append((db, [_one(rng, [1521, 3306, 1433])]))
            group = [app, db]
            if i % 3 == 0 and len(free(d)) >= 3:
                front = free(d)[2]
                front.name, front.function, front.flags, front.companion = app.name + "前置服务", "前置交换", "", "front"
                front.slug = app.slug + "-qz"
                front.tight.append((app, [_one(rng, [443, 8080])]))
                group.append(front)
            for s in group:
                s.role = "tight"

    def _assign_roles(self) -> None:
        """Shadows, zombies, section systems, blocked, already on cloud, vertical; the rest normal."""
        rng, n = self.rng, self.n
        pool = [s for s in self.systems if s.role == ""]

        def take(k: int, candidates: list[_Sys], role: str) -> list[_Sys]:
            chosen = rng.sample(candidates, min(k, len(candidates)))
            for s in chosen:
                s.role = role
            return chosen

        def plain_first(candidates: list[_Sys]) -> list[_Sys]:
            """Small unflagged systems (OA, mail, ledgers) when there are enough, else anything."""
            plain = [s for s in candidates if not any(f in s.flags for f in "pxr")]
            return plain if len(plain) >= len(candidates) // 2 else candidates

        take(round(0.02 * n), plain_first([s for s in pool if "x" not in s.flags and "r" not in s.flags]), "shadow")
        zombies = take(round(0.08 * n), plain_first([s for s in pool if s.role == "" and s.dept.count >= 2]), "zombie")
        take(round(0.08 * n) - len(zombies), [s for s in pool if s.role == "" and s.dept.count >= 2], "zombie")
        take(round(0.10 * n), [s for s in pool if s.role == "" and s.dept.count >= 3 and s.dept.sections
                               and "p" not in s.flags], "section")
        flagged = [s for s in pool if s.role == "" and ("v" in s.flags or "h" in s.flags)]
        blocked = take(round(0.05 * n), flagged, "blocked")
        take(round(0.05 * n) - len(blocked), [s for s in pool if s.role == ""], "blocked")
        take(round(0.03 * n), [s for s in pool if s.role == "" and "v" not in s.flags], "oncloud")
        take(round(0.02 * n), [s for s in pool if s.role == "" and "v" in s.flags], "vertical")
        for s in pool:
            if s.role == "":
                s.role = "normal"
        # a section system is merged into another system of its department: keep one to merge into
        for d in self.depts:
            keepers = [s for s in d.systems if s.role in ("base", "normal", "tight", "vertical", "oncloud", "blocked")]
            if not keepers:
                for s in d.systems:
                    if s.role in ("section", "zombie"):
                        s.role = "normal"
                        break

    def _name_systems(self) -> None:
        """Section systems take their section's name; then every system gets its unique id."""
        rng = self.rng
        for s in self.systems:
            if s.role == "section":
                k = _below(rng, len(s.dept.sections))
                slug, suffix, function = _one(rng, _SECTION_SUFFIXES)
                s.section = s.dept.sections[k]
                s.slug, s.name, s.function = f"ks{k + 1}-{slug}", s.section + suffix, function
                s.flags = ""
        for s in self.systems:
            s.id = _unique(s.slug if s.fixed else f"{s.dept.id}-{s.slug}", self.ids)

    def _place_systems(self) -> None:
        """Public-facing, hosting and network of every system, by its role."""
        rng = self.rng
        for s in self.systems:
            d, role = s.dept, s.role
            s.public = "p" in s.flags and role not in ("section", "classified")
            main = d.main_net
            vert = d.vertical_net if d.vertical_net is not None else main
            if role == "classified":
                s.network = d.classified_net.id if d.classified_net is not None else "intranet"
                s.hosting = "self-room"
            elif role == "base":
                s.network, s.hosting = (main.id if main else "extranet-admin"), "dept-cloud"
            elif role == "oncloud":
                s.network, s.hosting = ("extranet-public" if s.public else "extranet-admin"), "gov-cloud"
            elif role == "tight":
                s.network, s.hosting = main.id, _one(rng, ("self-room", "self-room", "dept-cloud"))
            elif role == "blocked" and "v" in s.flags:
                s.network, s.hosting = (vert.id if vert else "extranet-admin"), "vertical"
            elif role == "vertical":
                # run locally on the upper level's network: moves with it, then to the cloud
                s.network = vert.id if vert is not None and not vert.retained else (main.id if main else "extranet-admin")
                s.hosting = _one(rng, ("self-room", "self-room", "dept-cloud"))
            else:
                s.hosting = _pick(rng, ("self-room", "dept-cloud", "industry-cloud"), (62, 22, 8))
                x = rng.random()
                if main is None:
                    s.network = "internet" if s.public and x < 0.5 else ("extranet-public" if s.public else "extranet-admin")
                elif x < 0.76 or role == "blocked":
                    s.network = main.id
                elif x < 0.88:
                    s.network = "extranet-public" if s.public else "extranet-admin"
                else:
                    s.network = "internet" if s.public else main.id
            if s.network.startswith("net-") and self._net(s.network).retained and role != "blocked":
                s.network = main.id if main and not main.retained else "extranet-admin"

    def _net(self, id: str) -> _Net:
        if not hasattr(self, "_nets_by_id"):
            self._nets_by_id = {net.id: net for net in self.networks}
        return self._nets_by_id[id]

    def _fill_system_records(self) -> None:
        """Every FORMATS.md field of every system, in FORMATS.md key order."""
        rng = self.rng
        for s in self.systems:
            d, role = s.dept, s.role
            if role == "zombie":
                self._zombie_rules(s)
            scope = self._scope(s)
            users = self._monthly_users(s, scope)
            rec: dict[str, Any] = {"id": s.id, "name": s.name, "department": d.id}
            if s.section:
                rec["section"] = s.section
            rec["function"] = s.function
            rec["scope"] = scope
            rec["monthly_users"] = users
            last_change = self._last_change(s)
            if role != "shadow" and (rng.random() < 0.88 or role in ("base", "classified")):
                latest = last_change or date(2017, 6, 30)
                span = (latest - date(2006, 1, 1)).days
                rec["approved"] = {"by": _one(rng, d.approvers),
                                   "date": date(2006, 1, 1) + timedelta(days=_below(rng, max(1, span)))}
            rec["funding"] = self._funding(s)
            rec["classified"] = role == "classified"
            rec["protection_level"] = self._protection_level(s, scope)
            rec["public_facing"] = s.public
            rec["hosting"] = s.hosting
            resources, data_tb = self._resources(s, scope)
            rec["resources"] = resources
            rec["data_tb"] = data_tb
            rec["network"] = s.network
            if role == "shadow":
                rec["in_ledger"] = False
            if "om" in s.zombie_rules:
                rec["om_active"] = False
            if "idle" in s.zombie_rules:
                rec["idle"] = True
            if last_change is not None:
                rec["last_change"] = last_change
            if s.replace is not None:
                rec["replaceable_by"] = s.replace.id
            rec["migration"] = self._migration(s)
            s.record = rec

    def _zombie_rules(self, s: _Sys) -> None:
        rng = self.rng
        keepers = [o for o in s.dept.systems if o is not s and o.role in ("normal", "tight", "oncloud")]
        options = ["om", "idle", "stale", "low"] + (["replace"] * 2 if keepers else [])
        s.zombie_rules = rng.sample(options, _one(rng, (1, 1, 2)))
        if "replace" in s.zombie_rules:
            s.replace = _one(rng, keepers)

    def _scope(self, s: _Sys) -> str:
        if s.role == "section":
            return "section"
        if "low" in s.zombie_rules or s.companion:
            return "department"
        if s.role == "base" or "r" in s.flags:
            return "region"
        if s.public:
            return "public"
        if "x" in s.flags:
            return "cross-department"
        return "cross-department" if self.rng.random() < 0.25 else "department"

    def _monthly_users(self, s: _Sys, scope: str) -> int:
        rng = self.rng
        if "low" in s.zombie_rules:
            return _between(rng, 0, 19)
        low, high = {"section": (30, 150), "department": (30, 1500), "cross-department": (200, 6000),
                     "region": (2000, 60000), "public": (3000, 300000)}[scope]
        if not s.dept.is_region:
            high = max(low + 10, high // 4)
        return int(math.exp(rng.uniform(math.log(low), math.log(high))))

    def _last_change(self, s: _Sys) -> date | None:
        rng = self.rng
        if "stale" in s.zombie_rules:
            return date(2011, 1, 1) + timedelta(days=_below(rng, (_STALE_BEFORE - date(2011, 1, 1)).days - 30))
        if rng.random() < 0.1 and s.role != "base":
            return None
        start = _STALE_BEFORE + timedelta(days=45)
        return start + timedelta(days=_below(rng, (date(2017, 11, 30) - start).days))

    def _funding(self, s: _Sys) -> dict[str, Any]:
        rng = self.rng
        source = "self" if s.role == "shadow" else _pick(
            rng, ("fiscal", "joint", "purchased-service", "self"), (60, 10, 18, 12))
        big = s.role == "base" or "r" in s.flags or "x" in s.flags
        build = math.exp(rng.uniform(math.log(3e5 if big else 5e4), math.log(2e7 if big else 3e6)))
        om = min(800_000, max(20_000, build * rng.uniform(0.06, 0.15)))
        if source == "purchased-service":
            build = build * 0.2
        return {"source": source, "build_cny": int(round(build, -3)), "yearly_om_cny": int(round(om, -3))}

    def _protection_level(self, s: _Sys, scope: str) -> int:
        rng = self.rng
        if s.role == "classified":
            return _one(rng, (3, 3, 4))
        if s.role == "base" or s.dept.template == "gaj" and scope != "section" and rng.random() < 0.3:
            # level 4 is above what the government cloud is rated for: only where the system stays anyway
            return 4 if s.role == "blocked" and rng.random() < 0.5 else 3
        if scope in ("public", "region", "cross-department"):
            return 3 if rng.random() < 0.8 else 2
        if scope == "section":
            return _one(rng, (1, 2))
        return _pick(rng, (1, 2, 3), (15, 65, 20))

    def _resources(self, s: _Sys, scope: str) -> tuple[dict[str, Any], float]:
        rng = self.rng
        if s.role == "base":
            vcpu = _one(rng, (32, 64))
        elif scope in ("public", "region") or "x" in s.flags:
            vcpu = _pick(rng, (4, 8, 16, 32, 64), (15, 30, 30, 18, 7))
        elif scope == "section" or s.role in ("zombie", "shadow"):
            vcpu = _pick(rng, (2, 4, 8), (45, 40, 15))
        else:
            vcpu = _pick(rng, (2, 4, 8, 16, 32), (15, 35, 30, 15, 5))
        memory = min(256, max(4, vcpu * _one(rng, (2, 4, 4, 8 if s.companion == "db" else 4))))
        median = 4.0 if s.role == "base" else (1.2 if s.companion == "db" else 0.6)
        storage = round(min(20.0, max(0.1, rng.lognormvariate(math.log(median), 0.9))), 1)
        data = round(max(0.01, storage * rng.uniform(0.2, 0.9)), 2)
        return {"vcpu": vcpu, "memory_gb": memory, "storage_tb": storage}, min(data, storage)

    def _migration(self, s: _Sys) -> dict[str, Any]:
        rng = self.rng
        if s.role == "base":
            effort = _between(rng, 20, 40)
        elif s.companion:
            effort = _between(rng, 3, 14)
        else:
            band = _pick(rng, ((3, 7), (8, 14), (15, 21), (22, 40)), (58, 27, 9, 6))
            effort = _between(rng, *band)
        blocker = None
        if s.role == "blocked":
            blocker = _BLOCKERS["v" if "v" in s.flags else "h" if "h" in s.flags else ""]
            if s.network.startswith("net-") and self._net(s.network).retained:
                blocker = _BLOCKERS["v"]
        eligible: bool | str = False if blocker else ("auto" if rng.random() < 0.85 else True)
        return {"eligible": eligible, "blocker": blocker, "effort_days": effort,
                "cutover_hours": _one(rng, (2, 4, 8, 8, 8, 12, 24, 48))}

    def _add_dependencies(self) -> None:
        """Loose dependencies on the base systems and across departments; the tight groups; shares."""
        rng = self.rng
        by_id = {s.id: s for s in self.systems}
        bases = [b for b, _ in _BASE_DEPENDENCY_WEIGHTS if b in by_id]
        weights = tuple(w for b, w in _BASE_DEPENDENCY_WEIGHTS if b in by_id)
        targets = [s for s in self.systems if s.depend_target and s.role != "base"]
        for s in self.systems:
            deps: list[dict[str, Any]] = []
            if s.role == "classified":
                pass
            elif s.role == "base":
                for target in _BASE_DEPENDENCIES.get(s.id, ()):
                    if target in by_id:
                        deps.append(self._dep(target, "loose", [443]))
            else:
                for target, ports in s.tight:
                    deps.append(self._dep(target.id, "tight", ports))
                if bases and rng.random() < 0.65:
                    picked: list[str] = []
                    for _ in range(_one(rng, (1, 1, 2, 2, 3))):
                        b = _pick(rng, bases, weights)
                        if b not in picked:
                            picked.append(b)
                    for b in picked:
                        deps.append(self._dep(b, "loose", _one(rng, (None, [443], [443], [8080], [443, 8080]))))
                if targets and rng.random() < 0.12:
                    other = _one(rng, targets)
                    if other.dept is not s.dept and all(dep["system"] != other.id for dep in deps):
                        deps.append(self._dep(other.id, "loose", _one(rng, ([443], [8080], None))))
            if deps:
                s.record["depends_on"] = deps
            self._shares(s)

    @staticmethod
    def _dep(system: str, coupling: str, ports: list[int] | None) -> dict[str, Any]:
        dep: dict[str, Any] = {"system": system, "coupling": coupling}
        if ports is not None:
            dep["ports"] = list(ports)
        return dep

    def _shares(self, s: _Sys) -> None:
        rng = self.rng
        if s.role == "base":
            s.record["shares"] = list(_BASE_SHARES[s.id])
            s.record["connected_to_sharing"] = True
            return
        if s.role not in ("normal", "tight", "vertical", "blocked", "oncloud") or s.companion or rng.random() > 0.4:
            return
        shares = [f"{s.function}信息"] + ([f"{s.function}统计数据"] if rng.random() < 0.3 else [])
        s.record["shares"] = shares
        # the sharing milestone falls early: what cannot reach the extranet in time is connected already
        off_extranet = s.network in ("internet",) or s.role in ("blocked", "vertical") or (
            s.network.startswith("net-") and self._net(s.network).retained)
        if off_extranet or rng.random() < 0.75:
            s.record["connected_to_sharing"] = True

    # -- networks, exits, assets --------------------------------------------------------------

    def _address_networks(self) -> None:
        """RFC 1918 blocks for every network; ~10 % of the networks overlap another department's."""
        rng = self.rng
        count = len(self.networks)
        space_ten = (10 << 24) + (1 << 16), (10 << 24) + (240 << 16)  # 10.1.0.0 .. 10.239.255.255
        space_172 = (172 << 24) + (16 << 16), (172 << 24) + (32 << 16)
        room = (space_ten[1] - space_ten[0]) + (space_172[1] - space_172[0])
        p0 = 16
        while p0 < 24 and count * 2 ** (32 - p0) * 1.6 > room:
            p0 += 1
        spaces = [list(space_ten), list(space_172)]
        for net in self.networks:
            d = net.dept
            extra = {"main": 0 if d.is_region else 2, "vertical": 1, "classified": 4}[net.kind]
            prefix = min(24, p0 + extra)
            size = 2 ** (32 - prefix)
            for space in spaces:
                start = _nice_ceil(space[0], size)
                if start + size <= space[1]:
                    space[0] = start + size
                    break
            else:
                raise ValueError("private address space exhausted")
            net.base, net.size = start, size
            net.cidrs = [_cidr(start, prefix)]
            if net.kind == "classified":
                net.sites = _between(rng, 2, 30)
            elif net.kind == "vertical":
                net.sites = _between(rng, 5, 150)
            elif d.is_region:
                net.sites = _between(rng, 10, 300)
            else:
                net.sites = _between(rng, 1, 60)
            net.carrier = _pick(rng, _CARRIERS, _CARRIER_WEIGHTS)
            net.cost = int(round(min(2_000_000, max(50_000, 30_000 + net.sites * rng.uniform(3000, 8000))), -3))
        # deliberate overlaps: pairs of networks of different departments share address space
        pool = [net for net in self.networks if net.consolidatable]
        rng.shuffle(pool)
        pairs: list[tuple[_Net, _Net]] = []
        while len(pool) >= 2 and len(pairs) < max(1, round(0.05 * count)):
            a = pool.pop()
            b = next((x for x in pool if x.dept is not a.dept), None)
            if b is None:
                break
            pool.remove(b)
            pairs.append((a, b))
        common = [1, 0, 10, 100, 2, 3, 8, 20]
        for i, (a, b) in enumerate(pairs):
            if i % 2 == 0 or i // 2 >= 256:
                b.cidrs.append(a.cidrs[0])  # e.g. both on 10.1.0.0/16
            else:
                k = i // 2
                third = common[k] if k < len(common) else k
                shared = f"192.168.{third % 256}.0/24"
                a.cidrs.append(shared)
                b.cidrs.append(shared)

    def _make_exits(self) -> None:
        """1–3 exits per department, on the office LAN or one of its own consolidatable networks."""
        rng = self.rng
        cursors = {c: int(ipaddress.IPv4Network(space).network_address) for c, space in _CARRIER_SPACE.items()}
        limits = {c: int(ipaddress.IPv4Network(space).broadcast_address) for c, space in _CARRIER_SPACE.items()}
        for d in self.depts:
            nets = [net for net in d.networks if net.consolidatable]
            for k in range(_pick(rng, (1, 2, 3), (33, 37, 30))):
                net = _one(rng, nets) if nets and rng.random() < 0.45 else None
                carrier = net.carrier if net is not None and rng.random() < 0.7 else _pick(rng, _CARRIERS, _CARRIER_WEIGHTS)
                bandwidth = _one(rng, (10, 20, 50, 100, 100, 200, 300, 500, 1000) if d.is_region
                                       else (10, 20, 20, 50, 50, 100, 100, 200))
                peak = max(1, round(bandwidth * rng.uniform(0.2, 0.95)))
                prefix = _one(rng, (29, 29, 29, 28))
                cursors[carrier] += _below(rng, 1, 4) * 16  # exits are scattered over the carrier's space
                if cursors[carrier] + 16 > limits[carrier]:
                    raise ValueError(f"public address space of {carrier} exhausted")
                cost = int(round(min(300_000, max(10_000, 8000 + bandwidth * rng.uniform(300, 900))), -2))
                d.exits.append({"id": f"exit-{d.id}-{k + 1}", "department": d.id,
                                "network": net.id if net is not None else None, "carrier": carrier,
                                "bandwidth_mbps": bandwidth, "peak_mbps": peak,
                                "public_cidrs": [_cidr(cursors[carrier], prefix)], "yearly_cost_cny": cost})
            self._publish(d)
            self.exits.extend(d.exits)

    def _publish(self, d: _Dept) -> None:
        """Each migrating public-facing system of the department behind its own network or the LAN."""
        rng = self.rng
        for s in d.systems:
            if not (s.public and s.role in ("normal", "tight", "base")) or s.network.startswith("extranet"):
                continue
            exit_ = next((e for e in d.exits if e["network"] == s.network), None) or next(
                (e for e in d.exits if e["network"] is None), None) or d.exits[0]
            ports = _pick(rng, ([443], [80], [80, 443]), (70, 15, 15))
            exit_.setdefault("published", []).extend({"system": s.id, "port": p} for p in ports)
            s.published = True

    def _make_assets(self) -> None:
        """Hosts found by a scan of the private networks; ~3 % of them belong to no known system."""
        rng = self.rng
        for s in self.systems:
            if not s.network.startswith("net-"):
                continue
            net = self._net(s.network)
            if net.kind == "classified":
                continue
            for _ in range(_pick(rng, (1, 2, 3), (60, 30, 10))):
                if s.companion == "db":
                    ports = [_one(rng, (1521, 3306, 1433))]
                elif s.public:
                    ports = [80, 443]
                else:
                    ports = _one(rng, ([443], [8080], [80, 8080], [22, 443], [3389, 80]))
                self.assets.append(self._asset(net, ports, s.id))
        scanned = [net for net in self.networks if net.kind != "classified"]
        for _ in range(round(len(self.assets) * 0.03)):
            net = _one(rng, scanned)
            self.assets.append(self._asset(net, _one(rng, ([22], [3389], [80], [445, 3389], [8080], [21, 80])), None))
        order = {net.id: i for i, net in enumerate(self.networks)}
        keyed = sorted((order[a["network"]], a.pop("_int"), i) for i, a in enumerate(self.assets))
        self.assets = [self.assets[i] for _, _, i in keyed]

    def _asset(self, net: _Net, ports: list[int], system: str | None) -> dict[str, Any]:
        while True:
            offset = _below(self.rng, 2, min(net.size, 65536) - 1)
            if offset % 256 not in (0, 255) and offset not in net.used:
                net.used[offset] = True
                break
        address = net.base + offset
        return {"address": _dotted(address), "network": net.id, "ports": list(ports), "system": system,
                "_int": address}

    # -- topology -----------------------------------------------------------------------------

    def _make_topology(self) -> dict[str, Any]:
        """Pools, clouds, exit platforms and teams sized to the region (see module docstring)."""
        n_depts, n_counties = len(self.depts), self.n_counties
        migrating = [s for s in self.systems if s.migrating]
        pool_prefix = min(22, _pow2_prefix(n_depts * 32 * 4))
        if pool_prefix >= 17:
            public, admin = f"59.255.0.0/{pool_prefix}", f"59.255.128.0/{pool_prefix}"
        else:
            public, admin = f"59.224.0.0/{pool_prefix}", f"59.192.0.0/{pool_prefix}"
        n_classified = sum(1 for net in self.networks if net.kind == "classified") + sum(
            1 for d in self.depts if d.extra_classified)
        intranet = f"10.248.0.0/{min(20, _pow2_prefix(n_classified * 256 * 2))}"
        county_prefix = min(22, _pow2_prefix(n_counties * 16 * 4))
        if county_prefix >= 18:
            county_pool = f"218.56.64.0/{county_prefix}"
        elif county_prefix == 17:
            county_pool = "218.56.128.0/17"
        else:
            county_pool = f"218.{58 if county_prefix >= 15 else 64}.0.0/{county_prefix}"
        region_pool = f"218.56.0.0/{24 if n_depts < 2000 else 22}"

        clouds = []
        for cloud_id, domain, public_facing in (("public-cloud", "public", True), ("admin-cloud", "admin", False)):
            need = [s for s in migrating if s.public == public_facing]
            vcpu = sum(s.record["resources"]["vcpu"] for s in need)
            memory = sum(s.record["resources"]["memory_gb"] for s in need)
            storage = sum(s.record["resources"]["storage_tb"] for s in need)
            steps = []
            for start, share in ((date(2017, 12, 1), 0.4), (date(2018, 4, 1), 1.15)):
                steps.append({"from": start, "vcpu": int(_nice_ceil(vcpu * share, 50)),
                              "memory_gb": int(_nice_ceil(memory * share, 256)),
                              "storage_tb": int(_nice_ceil(storage * share, 10))})
            clouds.append({"id": cloud_id, "domain": domain, "capacity": steps})

        waves = {s.id: max(1, math.ceil(s.record["migration"]["effort_days"] / 7)) for s in migrating}
        region_load = sum(waves[s.id] for s in migrating if s.dept.is_region)
        county_load: dict[str, int] = {}
        for s in migrating:
            if s.dept.county is not None:
                county_load[s.dept.county] = county_load.get(s.dept.county, 0) + waves[s.id]
        city_slots = max(6, math.ceil(region_load / 40))
        county_slots = max(3, min(5, math.ceil(max(county_load.values(), default=0) / 12)))
        group_data = max([s.record["data_tb"] + sum(t.record["data_tb"] for t, _ in s.tight) for s in migrating]
                         + [0.0])
        total_data = sum(s.record["data_tb"] for s in migrating)
        transfer = int(_nice_ceil(max(total_data * 3 / 52, group_data * 1.5, 10), 5))
        return {"topology": {
            "id": f"{self.region['id']}-egov",
            "extranet": {"public": {"pool": [public]}, "admin": {"pool": [admin]}, "department_prefix": 27},
            "intranet": {"pool": [intranet]},
            "clouds": clouds,
            "exit_platforms": {
                "region": {"carriers": ["telecom", "unicom"], "public_cidrs": [region_pool]},
                "county": {"carriers": ["telecom", "unicom"], "public_cidrs": [county_pool], "county_prefix": 28},
                "concurrency": 0.6,
                "bandwidth_steps_mbps": [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000],
                "price_cny_per_mbps_year": 400,  # bulk price of a consolidated line (the exits pay ~300-1,000 today)
            },
            "teams": [{"id": "city-ops" if self.prefix == "市" else "province-ops", "serves": "region",
                       "slots": city_slots},
                      {"id": "county-ops", "serves": "counties", "slots": county_slots}],
            "transfer_tb_per_wave": transfer,
        }}

    # -- dicts --------------------------------------------------------------------------------

    @staticmethod
    def _department_dict(d: _Dept) -> dict[str, Any]:
        return {"id": d.id, "name": d.name, "county": d.county, "sections": list(d.sections)}

    @staticmethod
    def _network_dict(net: _Net) -> dict[str, Any]:
        out: dict[str, Any] = {"id": net.id, "name": net.name, "department": net.dept.id,
                               "vertical": net.kind == "vertical", "classified": net.kind == "classified",
                               "cidrs": list(net.cidrs), "sites": net.sites, "carrier": net.carrier,
                               "yearly_cost_cny": net.cost}
        if net.retain is not None:
            out["retain"] = dict(net.retain)
        return out
