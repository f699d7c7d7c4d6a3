/* xlsx_labels.c - the workbooks' fixed words. */
#include "xlsx_labels.h"

static const char *const du_labels[DU_L_COUNT][2] = {
    [DU_L_SH_LEDGER] = {"任务分工", "Tasks"},
    [DU_L_SH_UNITS] = {"责任单位", "Units"},
    [DU_L_SH_LOG] = {"进展记录", "Progress log"},
    [DU_L_SH_INDS] = {"指标", "Indicators"},
    [DU_L_SH_OVERVIEW] = {"概览", "Overview"},
    [DU_L_SH_PAIRS] = {"结对关系", "Pairings"},
    [DU_L_SH_REPORT] = {"任务清单", "Task list"},
    [DU_L_SH_HELP] = {"填报说明", "How to fill in"},
    [DU_L_PLAN] = {"方案", "Plan"},
    [DU_L_NO] = {"序号", "No."},
    [DU_L_AREA] = {"领域", "Area"},
    [DU_L_TASK] = {"任务", "Task"},
    [DU_L_BODY] = {"主要内容", "Content"},
    [DU_L_LEAD] = {"牵头单位", "Lead units"},
    [DU_L_UNITS] = {"责任单位", "Responsible units"},
    [DU_L_UNITS_SIDE] = {"责任单位（%s）", "Responsible units (%s)"},
    [DU_L_DUE] = {"完成时限", "Due"},
    [DU_L_STATUS] = {"状态", "Status"},
    [DU_L_PERCENT] = {"进度", "Progress"},
    [DU_L_EXPECTED] = {"序时进度", "Expected"},
    [DU_L_LIGHT] = {"预警", "Warning"},
    [DU_L_FLAGS] = {"提示", "Flags"},
    [DU_L_LATEST] = {"最新进展", "Latest progress"},
    [DU_L_UPDATED] = {"更新日期", "Updated"},
    [DU_L_OVERDUE] = {"逾期", "overdue"},
    [DU_L_STALE] = {"久未更新", "stale"},
    [DU_L_BEHIND] = {"落后于序时进度", "behind schedule"},
    [DU_L_UNIT] = {"单位", "Unit"},
    [DU_L_REGION] = {"地区", "Region"},
    [DU_L_LEVEL] = {"层级", "Level"},
    [DU_L_AS_LEAD] = {"牵头任务", "Tasks as lead"},
    [DU_L_AS_RESP] = {"参与任务", "Tasks as responsible"},
    [DU_L_NTASKS] = {"任务数", "Tasks"},
    [DU_L_NOVERDUE] = {"逾期", "Overdue"},
    [DU_L_NREPORTS] = {"报送次数", "Reports"},
    [DU_L_DATE] = {"日期", "Date"},
    [DU_L_SUMMARY] = {"进展情况", "Summary"},
    [DU_L_SOURCE] = {"来源", "Source"},
    [DU_L_SOURCE_URLS] = {"来源网址", "Source URLs"},
    [DU_L_CATEGORY] = {"类别", "Category"},
    [DU_L_INDICATOR] = {"指标", "Indicator"},
    [DU_L_IUNIT] = {"计量单位", "Unit"},
    [DU_L_BASELINE] = {"基期值", "Baseline"},
    [DU_L_TARGET] = {"目标值", "Target"},
    [DU_L_MODE] = {"年均/累计", "Annual/cumulative"},
    [DU_L_NATURE] = {"属性", "Nature"},
    [DU_L_ACTUAL] = {"最新实际值", "Latest actual"},
    [DU_L_ACTUAL_DATE] = {"数据日期", "Actual as of"},
    [DU_L_ATTAIN] = {"完成率", "Attainment"},
    [DU_L_MET] = {"是否达标", "Met"},
    [DU_L_TRAJ] = {"序时目标", "Expected by now"},
    [DU_L_BEHIND_TRAJ] = {"低于序时目标", "Behind"},
    [DU_L_ANNUAL] = {"年均", "annual"},
    [DU_L_CUMULATIVE] = {"累计", "cumulative"},
    [DU_L_YES] = {"是", "yes"},
    [DU_L_NOT] = {"否", "no"},
    [DU_L_AS_OF] = {"截至%s", "As of %s"},
    [DU_L_CONTENTS] = {"目录", "Contents"},
    [DU_L_TOTAL] = {"合计", "Total"},
    [DU_L_BY_PLAN] = {"按方案统计", "By plan"},
    [DU_L_BY_AREA] = {"按领域统计", "By area"},
    [DU_L_CHART_AREA] = {"各领域任务状态", "Task status by area"},
    [DU_L_CHART_PLAN] = {"各方案任务状态", "Task status by plan"},
    [DU_L_NO_AREA] = {"（未分领域）", "(no area)"},
    [DU_L_TASKS_ALL] = {"全部任务", "All tasks"},
    [DU_L_PROGRAM] = {"类别", "Programme"},
    [DU_L_DISTRICT] = {"上海结对区", "District"},
    [DU_L_PARTNER] = {"结对地区", "Partner"},
    [DU_L_COUNTIES] = {"结对县（市、区）", "Counties"},
    [DU_L_SINCE] = {"起始", "Since"},
    [DU_L_BASIS] = {"依据", "Source"},
    [DU_L_NOTES] = {"备注", "Notes"},
    [DU_L_REF] = {"编号", "Ref"},
    [DU_L_ROLE] = {"角色", "Role"},
    [DU_L_ROLE_LEAD] = {"牵头", "lead"},
    [DU_L_ROLE_RESP] = {"参与", "responsible"},
    [DU_L_CUR_STATUS] = {"当前状态", "Current status"},
    [DU_L_CUR_PERCENT] = {"当前进度", "Current progress"},
    [DU_L_IN_TEXT] = {"本期进展", "Progress this period"},
    [DU_L_IN_STATUS] = {"本期状态", "Status now"},
    [DU_L_IN_PERCENT] = {"本期进度（%）", "Progress now (%)"},
    [DU_L_IN_TEXT_TITLE] = {"本期进展", "Progress"},
    [DU_L_IN_TEXT_MSG] = {"请简要填写本期工作进展：做了什么、取得了什么成效，可注明信息来源。",
                          "What was done in this period and with what result; name a source "
                          "where there is one."},
    [DU_L_IN_STATUS_TITLE] = {"本期状态", "Status"},
    [DU_L_IN_STATUS_MSG] = {"请从下拉列表中选择任务当前状态。", "Choose the task's status from the list."},
    [DU_L_IN_PERCENT_TITLE] = {"本期进度", "Progress"},
    [DU_L_IN_PERCENT_MSG] = {"请填写0到100之间的整数，表示完成百分比。",
                             "A whole number from 0 to 100: the percentage done."},
    [DU_L_IN_STATUS_ERR] = {"请从下拉列表中选择状态。", "Choose a status from the list."},
    [DU_L_IN_PERCENT_ERR] = {"进度应为0到100之间的整数。", "Progress is a whole number from 0 to 100."},
    [DU_L_HELP_TITLE] = {"填报说明", "How to fill in this workbook"},
    [DU_L_HELP_1] = {"1. 本表列出本单位牵头或参与的全部任务，逾期和红色预警的任务排在前面。",
                     "1. The task list holds every task your unit leads or shares, overdue and "
                     "red ones first."},
    [DU_L_HELP_2] = {"2. 请在“本期进展”“本期状态”“本期进度（%）”三列（浅黄色）填写，其余单元格已锁定。",
                     "2. Fill in the three pale yellow columns (progress, status, progress %); "
                     "every other cell is locked."},
    [DU_L_HELP_3] = {"3. 本期状态请从下拉列表中选择；本期进度填写0到100之间的整数。",
                     "3. Choose the status from the list; progress is a whole number from 0 to 100."},
    [DU_L_HELP_4] = {"4. 请勿增删行列、修改“编号”列或工作表名称，以便汇总。",
                     "4. Do not add or remove rows or columns, or change the Ref column or the "
                     "sheet names: the workbook is read back as it is."},
    [DU_L_HELP_5] = {"5. 没有新进展的任务可留空。", "5. Leave a task blank when nothing changed."},
    [DU_L_HELP_RETURN] = {"6. 填好后保存为 .xlsx 文件，原文件名不变，报送%s。",
                          "6. Save as .xlsx under the same file name and return it to %s."},
    [DU_L_HELP_COUNTS] = {"当前任务情况", "Current state of your tasks"},
    [DU_L_PAGE] = {"第 &P 页，共 &N 页", "Page &P of &N"},
    [DU_L_CUT] = {"…（内容过长，已截断）", "… (truncated)"},
    [DU_L_SUBJECT] = {"任务分工与督办台账", "Task ledger and progress"},
    [DU_L_SUBJECT_UNIT] = {"任务清单（请填报本期进展）", "Task list to fill in"},
    [DU_L_ALL_PLANS] = {"全部方案", "All plans"},
};

const char *du_xl(bool en, du_label l)
{
    if (l < 0 || l >= DU_L_COUNT || !du_labels[l][en])
        return "";
    return du_labels[l][en];
}

const char *du_xl_status(bool en, du_status s)
{
    static const char *const n[] = {"Not started", "In progress", "Done", "Delayed", "Suspended"};
    if (s < 0 || s >= DU_ST_COUNT)
        return "";
    return en ? n[s] : du_status_zh(s);
}

const char *du_xl_light(bool en, du_light l)
{
    static const char *const n[] = {"Green", "Blue", "Yellow", "Red"};
    if (l < 0 || l >= DU_LIGHT_COUNT)
        return "";
    return en ? n[l] : du_light_zh(l);
}
