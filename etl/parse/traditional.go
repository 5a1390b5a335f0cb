package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
)

// Pages served in traditional characters (a portal's 繁體 switch, a
// Hong Kong or Taiwan mirror, a converted copy) spell every label another
// way: 部門決算, 實有人數, 萬元. Matching folds them to simplified characters in
// the normalised text (line.norm) only; evidence keeps the text as written.
// The table holds the characters of this domain's titles, labels and units
// — the words of 决算, 预算, 绩效, 三公 and unit names — one to one; a
// character both scripts write alike (台, 里, 余 …) is left alone. A full
// conversion library (OpenCC's dictionaries) would add phrase tables and a
// runtime data load for words the parser never matches.

// tradSimpPairs lists traditional characters, each followed by its
// simplified form.
const tradSimpPairs = "" +
	"費费務务況况萬万決决預预車车門门經经說说國国財财撥拨單单數数計计結结縣县體体員员項项運运關关績绩評评規规總总購购職职執执維维" +
	"機机設设減减開开資资護护無无監监進进駐驻調调責责構构轉转與与會会場场錄录營营貫贯徹彻審审負负協协辦办過过處处對对實实臨临滄沧" +
	"輛辆變变嚴严級级烏乌魯鲁齊齐見见現现圍围訓训統统離离號号產产發发業业類类陽阳區区針针間间問问題题繞绕並并議议質质訴诉舉举報报" +
	"屬属個个別别長长參参徑径詞词釋释據据條条擬拟訂订劃划擔担團团組组織织鶴鹤簡简稱称養养強强認认厲厉節节約约匯汇黨党補补雜杂橋桥" +
	"險险獎奖勵励動动領领導导專专賓宾擴扩獨独臺台為为們们這这來来時时後后裡里標标準准確确達达際际備备註注內内兩两倉仓價价優优勞劳" +
	"廳厅鄉乡鎮镇醫医衛卫學学師师歲岁獲获從从樣样壓压稅税農农環环態态輔辅權权億亿圓圆額额銷销貸贷賬账帳帐覽览雙双屆届廣广應应點点" +
	"歸归邊边範范圖图書书檔档將将爲为濟济築筑輸输電电話话聯联繫系係系歷历觀观讓让請请諮咨詢询療疗藥药興兴閱阅廠厂礦矿墊垫豐丰齡龄" +
	"積积極极緊紧續续綜综網网紀纪絡络給给線线練练細细終终紅红納纳緣缘繳缴義义證证識识試试誌志語语論论講讲譽誉貧贫貨货賽赛贈赠" +
	"賣卖買买貼贴賠赔貢贡貴贵賦赋軍军較较載载輕轻遷迁選选遺遗適适還还違违遞递遠远郵邮鄰邻銀银錢钱鐵铁錯错鍵键閉闭閒闲陣阵陳陈" +
	"隊队隨随雖虽難难須须頒颁頻频願愿風风飛飞館馆馬马驗验鬥斗黃黄龍龙傳传債债傷伤僅仅儀仪儲储償偿兒儿冊册淨净則则剛刚創创劑剂" +
	"勝胜勢势卻却喪丧園园塊块壞坏復复夠够奪夺婦妇孫孙寧宁寫写寬宽島岛嶺岭幣币帶带幫帮庫库廢废張张彈弹徵征恆恒惡恶愛爱慶庆憲宪" +
	"懷怀戰战戶户擁拥擇择擊击攝摄敵敌斷断於于晉晋暫暂曆历東东棄弃樓楼檢检歡欢殘残殺杀氣气沒没漢汉測测溫温滿满潔洁災灾煙烟熱热" +
	"爭争狀状畢毕畫画異异當当盡尽盤盘眾众礎础禮礼種种穩稳窮穷競竞筆笔糧粮絕绝綠绿編编緩缓繼继罰罚羅罗習习聞闻聲声肅肃腦脑舊旧" +
	"艱艰藝艺蘇苏裝装製制複复覺觉視视親亲記记許许訪访詳详誤误誰谁課课談谈諸诸謝谢貿贸趕赶跡迹踐践軌轨輪轮辭辞連连遲迟鄧邓閣阁" +
	"陰阴陸陆隱隐雞鸡雲云靜静頁页順顺頓顿頭头顯显顧顾飯饭飲饮飾饰餘余騰腾鬧闹麥麦齒齿併并佈布佔占週周彙汇採采衝冲濱滨灣湾漁渔" +
	"獸兽縮缩舉举藍蓝蓋盖蘭兰衆众詩诗該该誠诚謀谋貸贷賀贺賴赖趨趋遜逊還还鄭郑醬酱釐厘鈔钞鉤钩銳锐錦锦鍋锅鎖锁鏈链鐘钟閥阀闆板" +
	"陝陕雜杂餐餐馳驰駕驾騎骑驅驱髮发鮮鲜鴻鸿麗丽龐庞庫库應应壩坝營营匯汇審审償偿勻匀嚮向團团壇坛壯壮奮奋孿孪屍尸歸归" +
	"氫氢燈灯犧牺獻献瑪玛產产畝亩療疗發发盜盗碼码禍祸稅税窩窝筍笋簽签籌筹紛纷紡纺紮扎絲丝綱纲緯纬縱纵績绩繪绘罷罢職职脫脱" +
	"蔣蒋薦荐虧亏蟲虫襲袭覆覆謂谓譜谱讚赞豬猪賤贱賜赐賞赏賢贤軟软輯辑轄辖辦办農农迭迭邁迈醜丑釣钓銅铜鋼钢錶表鎊镑鑑鉴閃闪" +
	"閩闽闊阔闖闯陽阳隸隶雁雁響响頂顶項项頗颇頸颈頻频颱台飄飘饋馈駐驻驟骤鬱郁鳳凤鹽盐麵面"

// tradToSimp maps each traditional character of tradSimpPairs to its
// simplified form (a read-only table built once).
var tradToSimp = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(tradSimpPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// rubyRE is a pinyin reading a converted page prints after a character,
// "政務(wù)" (normalised brackets): not part of the word.
var rubyRE = regexp.MustCompile(`(\p{Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüḿńňǹ]{1,6}\)`)

// Detection: a document is read as traditional when its opening lines
// hold at least minTraditional traditional characters (a simplified report
// quoting one 臺 is not).
const (
	traditionalScanLines = 40
	minTraditional       = 3
)

// traditional reports whether the document's opening lines are written in
// traditional characters.
func traditional(ls []line) bool {
	n := 0
	for i, l := range ls {
		if i >= traditionalScanLines {
			break
		}
		for _, r := range l.norm {
			if r < utf8.RuneSelf {
				continue
			}
			if _, ok := tradToSimp[r]; ok {
				if n++; n >= minTraditional {
					return true
				}
			}
		}
	}
	return false
}

// fold folds a traditional document's normalised lines and sentences to
// simplified characters and drops pinyin readings; the text as written
// (evidence) is kept. A simplified document's lines are returned as they are.
func (p *parser) fold(ls []line) []line {
	if !p.trad {
		return ls
	}
	p.dashYear = lostNian(ls)
	for i := range ls {
		ls[i].norm = p.foldNorm(ls[i].norm)
		for k := range ls[i].sents {
			ls[i].sents[k].norm = p.foldNorm(ls[i].sents[k].norm)
		}
	}
	return ls
}

// foldText maps traditional characters to simplified ones and drops pinyin
// readings.
func foldText(s string) string {
	s = strings.Map(func(r rune) rune {
		if t, ok := tradToSimp[r]; ok {
			return t
		}
		return r
	}, s)
	if cjk.Contains(s, "(") {
		s = rubyRE.ReplaceAllString(s, "$1")
	}
	return s
}

// norm normalises text of the document as its lines are: folded to
// simplified characters when the document is traditional.
func (p *parser) norm(s string) string {
	if p.trad {
		return p.foldNorm(norm(s))
	}
	return norm(s)
}

// foldNorm folds normalised text of a traditional document, restoring the
// 年 a broken converter turned into "-" (traditional_year.go).
func (p *parser) foldNorm(s string) string {
	s = foldText(s)
	if p.dashYear {
		s = restoreNian(s)
	}
	return s
}
