"""Name pools of the synthetic regions: departments, their sections, networks and systems (Chinese
names, English slugs), the small tables the generator draws from, and the three rules that form
names and ids from them (`cn_number`, `county_section`, `unique`). No random draws here."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Name pools. A department row: (slug, name, short, sections, network name, vertical network name,
# systems). A system: "slug|名称|功能|flags"; flags: p public-facing, r region scope,
# x cross-department, v vertical candidate, h special hardware, c classified only; a slug written
# "=id" is a fixed id (the base systems).
# ---------------------------------------------------------------------------------------------

REGION_DEPARTMENTS = (
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
COUNTY_DEPARTMENTS = (
    ("zfb", "人民政府办公室", "zfb"), ("gaj", "公安局", "gaj"), ("rsj", "人力资源和社会保障局", "rsj"),
    ("jyj", "教育局", "jyj"), ("wjj", "卫生和计划生育局", "wjw"), ("mzj", "民政局", "mzj"),
    ("czj", "财政局", "czj"), ("gtj", "国土资源局", "gtj"), ("zjj", "住房和城乡建设局", "zjj"),
    ("nyj", "农业局", "nyj"), ("scj", "市场监督管理局", "gsj"), ("hbj", "环境保护局", "hbj"),
    ("jtj", "交通运输局", "jtj"), ("slj", "水利局", "slj"), ("zwfw", "政务服务中心", "zwfw"),
    ("tjj", "统计局", "tjj"), ("ajj", "安全生产监督管理局", "ajj"), ("sfj", "司法局", "sfj"),
    ("fgj", "发展和改革局", "fgw"), ("jxj", "经济和信息化局", "jxw"), ("ds", "地方税务局", "ds"),
)

# Affiliated units, for regions larger than the department pool.
AFFILIATES = (("xxzx", "信息中心"), ("zfzd", "综合执法支队"), ("fwzx", "服务中心"), ("swzx", "事务中心"),
               ("jczx", "监测中心"), ("glc", "管理处"), ("yjs", "研究所"))

GENERIC_SYSTEMS = (
    "oa|{s}办公自动化系统|办公自动化|; web|{s}门户网站|信息发布|p; dagl|{s}档案管理系统|档案管理|;"
    "cwgl|财务管理系统|财务核算|; rsgl|人事管理系统|人事管理|; sphy|视频会议系统|视频会议|;"
    "mail|内部邮件系统|电子邮件|; im|即时通讯系统|即时通讯|; zfba|行政执法办案系统|执法办案|;"
    "gdzc|固定资产管理系统|资产管理|; zwgk|{s}政务公开系统|政务公开|p; sms|短信服务平台|短信通知|;"
    "wechat|{s}微信公众服务平台|移动服务|p; tjbb|统计报表系统|统计报表|; ydbg|移动办公系统|移动办公|;"
    "zsk|业务知识库|知识管理|; jxkh|绩效考核系统|绩效考核|; xxbs|信息报送系统|信息报送|"
)
CLASSIFIED_SYSTEMS = "smbg|涉密办公系统|涉密办公|c; smwj|涉密文件交换系统|涉密文件交换|c; smsp|涉密视频会议系统|涉密视频会议|c"
SECTION_SUFFIXES = (("tz", "台账管理系统", "台账管理"), ("bs", "信息报送系统", "信息报送"),
                     ("tj", "业务统计系统", "业务统计"), ("cj", "数据采集系统", "数据采集"),
                     ("sp", "审批辅助系统", "审批辅助"), ("da", "资料管理系统", "资料管理"))
SYLLABLES = (("an", "安"), ("ping", "平"), ("qing", "清"), ("he", "河"), ("dong", "东"), ("xi", "西"),
              ("nan", "南"), ("bei", "北"), ("yang", "阳"), ("shan", "山"), ("ning", "宁"), ("feng", "丰"),
              ("le", "乐"), ("xin", "新"), ("xing", "兴"), ("yong", "永"), ("chang", "长"), ("lin", "临"),
              ("gao", "高"), ("ming", "明"), ("hua", "华"), ("shi", "石"), ("yun", "云"), ("shui", "水"),
              ("long", "龙"), ("jin", "金"), ("hui", "惠"), ("kang", "康"), ("tai", "泰"), ("jing", "靖"))
CN_DIGITS = "零一二三四五六七八九十"
CARRIERS = ("telecom", "unicom", "mobile", "other")
CARRIER_WEIGHTS = (45, 30, 20, 5)
# Public address space each carrier hands out to exits (Shandong-like ranges; one block per exit).
CARRIER_SPACE = {"telecom": "222.132.0.0/14", "unicom": "60.216.0.0/14", "mobile": "120.192.0.0/14",
                  "other": "219.146.0.0/15"}
BLOCKERS = {"v": "国家垂直系统", "h": "专用硬件/加密机", "": "厂商锁定"}
RETAIN_REASONS = ("国家有特殊规定，需独立组网", "涉及公共安全，上级部门统一管理")
BASE_DEPENDENCY_WEIGHTS = (("unified-id", 5), ("sharing-platform", 4), ("pop-base", 4), ("legal-base", 3),
                            ("e-license", 2), ("spatial-base", 1))
BASE_DEPENDENCIES = {  # how the base systems lean on each other
    "sharing-platform": ("pop-base", "legal-base", "spatial-base", "e-license"),
    "e-license": ("unified-id",),
    "pop-base": ("unified-id",),
    "legal-base": ("unified-id",),
}
BASE_SHARES = {
    "pop-base": ["人口基本信息", "户籍信息"], "legal-base": ["法人单位基本信息", "企业登记信息"],
    "spatial-base": ["基础地理信息", "地名地址信息"], "e-license": ["电子证照信息"],
    "unified-id": ["用户身份信息"], "sharing-platform": ["共享交换目录"],
}


def parse_systems(text: str) -> tuple[tuple[str, str, str, str, bool], ...]:
    out = []
    for item in text.split(";"):
        item = item.strip()
        if item:
            slug, name, function, flags = item.split("|")
            out.append((slug.lstrip("="), name, function, flags, slug.startswith("=")))
    return tuple(out)


DEPT_SYSTEMS = {row[0]: parse_systems(row[6]) for row in REGION_DEPARTMENTS}
DEPT_ROWS = {row[0]: row for row in REGION_DEPARTMENTS}
GENERIC = parse_systems(GENERIC_SYSTEMS)
CLASSIFIED = parse_systems(CLASSIFIED_SYSTEMS)
BASE_HOLDERS = tuple(row[0] for row in REGION_DEPARTMENTS if any(t[4] for t in DEPT_SYSTEMS[row[0]]))


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99, Arabic digits beyond.

    >>> cn_number(2), cn_number(12), cn_number(40)
    ('二', '十二', '四十')
    """
    if n <= 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


def county_section(name: str) -> str:
    """A city section's name one level down: 科 becomes 股, 支队 becomes 大队.

    >>> county_section("投资科"), county_section("科技信息化支队")
    ('投资股', '科技信息化大队')
    """
    for city, county in (("科", "股"), ("支队", "大队")):
        if name.endswith(city):
            return name[: -len(city)] + county
    return name


def unique(base: str, used: dict[str, int]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is still free; records it as used.

    >>> used = {}
    >>> unique("oa", used), unique("oa", used), unique("oa-2", used), unique("oa", used)
    ('oa', 'oa-2', 'oa-2-2', 'oa-3')
    """
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
