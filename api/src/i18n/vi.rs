//! The Vietnamese catalog: every English message template the server makes (as its source
//! writes it, `{...}` a value filled in, `{{`/`}}` literal braces), and its Vietnamese, where
//! `{0}`, `{1}`, ... are the English template's values in order. Codes, rules, paths and the
//! values themselves (names, dates, IDs) are not translated. The wording follows DESIGN.md's
//! glossary; a test (`coverage`) fails for a message in the source that is not here.

/// `(English template, Vietnamese template)`.
pub static CATALOG: &[(&str, &str)] = &[
    (
        r#"give the year it is for, or the date its source states it (attestedOn)"#,
        r#"hãy cho biết năm được ghi nhận, hoặc ngày nguồn nêu (attestedOn)"#,
    ),
    (
        r#"targets assigned outside a congress's resolution are assigned by the superior organization; give a congress's own targets with its resolution (submitCongressResult)"#,
        r#"chỉ tiêu giao ngoài nghị quyết đại hội do cấp ủy cấp trên giao; chỉ tiêu của chính đại hội hãy gửi kèm nghị quyết (submitCongressResult)"#,
    ),
    (
        r#"{attested} is outside the {}-{} term"#,
        r#"{0} nằm ngoài nhiệm kỳ {1}-{2}"#,
    ),
    (
        r#"reading the audit trail (auditEvents, and the history of a record) needs an admin token: send Authorization: Bearer <token> (create one with `congress-api token create --role admin`)"#,
        r#"đọc nhật ký kiểm toán (auditEvents và lịch sử của một bản ghi) cần token quản trị: hãy gửi Authorization: Bearer <token> (tạo bằng `congress-api token create --role admin`)"#,
    ),
    (
        r#"{} was dissolved on {dissolved}, not on the merger's {}"#,
        r#"{0} đã giải thể ngày {1}, không phải ngày hợp nhất {2}"#,
    ),
    (
        r#"{} was founded on or after the merger"#,
        r#"{0} được thành lập vào hoặc sau ngày hợp nhất"#,
    ),
    (
        r#""{full_name}" is not a person's name: {error}"#,
        r#""{0}" không phải là họ tên một người: {1}"#,
    ),
    (r#""{id}" is not a valid ID"#, r#""{0}" không phải là một ID hợp lệ"#),
    (
        r#""{symbol}" is not a document symbol: {error}"#,
        r#""{0}" không phải là số ký hiệu văn bản: {1}"#,
    ),
    (
        r#""{}" is not a known document type code{hint}"#,
        r#""{0}" không phải là mã loại văn bản đã biết{1}"#,
    ),
    (r#""{}" is not a valid ID"#, r#""{0}" không phải là một ID hợp lệ"#),
    (r#"; did the source mean {known}?"#, r#"; có phải nguồn muốn viết {0}?"#),
    (
        r#"a '-' must follow the number {digits}"#,
        r#"sau số {0} phải có dấu '-'"#,
    ),
    (
        r#"a '/' and the issuer must follow the type code {type_written}"#,
        r#"sau mã loại {0} phải có dấu '/' và cơ quan ban hành"#,
    ),
    (
        r#"a batch may hold at most {limit} operations, not {n}"#,
        r#"một lô chỉ được chứa tối đa {0} thao tác, không phải {1}"#,
    ),
    (
        r#"a congress adopts its resolution at or after its opening"#,
        r#"Đại hội thông qua nghị quyết từ ngày khai mạc trở đi"#,
    ),
    (
        r#"a congress for the {}-{} term opens between {window_start} and {window_end}, not on {opened}"#,
        r#"Đại hội nhiệm kỳ {0}-{1} khai mạc trong khoảng từ {2} đến {3}, không phải ngày {4}"#,
    ),
    (
        r#"a congress lasts a few days, not {} days"#,
        r#"Đại hội diễn ra trong vài ngày, không phải {0} ngày"#,
    ),
    (
        r#"a connection may hold at most {MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions; stop one or open another connection"#,
        r#"một kết nối chỉ được giữ tối đa {0} đăng ký theo dõi; hãy dừng bớt một đăng ký hoặc mở kết nối khác"#,
    ),
    (
        r#"a placement already starts on {}; history is not rewritten, record moves in date order"#,
        r#"đã có một vị trí trực thuộc bắt đầu từ ngày {0}; lịch sử không được viết lại, hãy ghi các lần chuyển theo thứ tự ngày"#,
    ),
    (
        r#"a record with the same identity was written at the same time or already exists"#,
        r#"một bản ghi cùng định danh đã được ghi đồng thời hoặc đã tồn tại"#,
    ),
    (
        r#"a request may build at most one term report with includeDescendants; send the others one by one"#,
        r#"mỗi yêu cầu chỉ được lập tối đa một báo cáo nhiệm kỳ có includeDescendants; hãy gửi các báo cáo còn lại lần lượt"#,
    ),
    (
        r#"a request may build at most {} term reports; send the rest in another request"#,
        r#"mỗi yêu cầu chỉ được lập tối đa {0} báo cáo nhiệm kỳ; hãy gửi phần còn lại trong yêu cầu khác"#,
    ),
    (
        r#"a standing committee member must already be on the executive committee: pass their personId"#,
        r#"ủy viên Ban Thường vụ phải là ủy viên Ban Chấp hành: hãy truyền personId của đồng chí đó"#,
    ),
    (
        r#"a standing committee member must be on the executive committee of the same term"#,
        r#"ủy viên Ban Thường vụ phải là ủy viên Ban Chấp hành cùng nhiệm kỳ"#,
    ),
    (
        r#"a standing committee's members are elected from the executive committee: submit that too"#,
        r#"ủy viên Ban Thường vụ được bầu trong số ủy viên Ban Chấp hành: hãy gửi cả Ban Chấp hành"#,
    ),
    (
        r#"a term of {} years is not a term ({start}-{end})"#,
        r#"{0} năm không phải là một nhiệm kỳ ({1}-{2})"#,
    ),
    (
        r#"a viewer token cannot write"#,
        r#"token chỉ đọc (VIEWER) không được ghi"#,
    ),
    (
        r#"a yes/no target takes achieved 1 (yes) or 0 (no)"#,
        r#"chỉ tiêu có/không nhận achieved là 1 (có) hoặc 0 (không)"#,
    ),
    (
        r#"a {child_level:?} organization cannot sit under {} ({:?})"#,
        r#"tổ chức cấp {0} không thể trực thuộc {1} ({2})"#,
    ),
    (
        r#"a {}-year term ({start}-{end}) is unusual for {}: terms last {}"#,
        r#"nhiệm kỳ {0} năm ({1}-{2}) là bất thường đối với {3}: nhiệm kỳ kéo dài {4}"#,
    ),
    (
        r#"after is not a cursor of this list; pass an endCursor you received"#,
        r#"after không phải là con trỏ của danh sách này; hãy truyền endCursor đã nhận được"#,
    ),
    (
        r#"all {} seats are held on {on}"#,
        r#"cả {0} ghế đều đã có người đảm nhiệm vào ngày {1}"#,
    ),
    (
        r#"an appointed committee needs the deciding document (decisionSymbol) or the superior that decided (decidedByOrganizationId)"#,
        r#"ban được chỉ định cần có văn bản quyết định (decisionSymbol) hoặc cấp trên đã quyết định (decidedByOrganizationId)"#,
    ),
    (r#"an empty batch has nothing to run"#, r#"lô rỗng không có gì để chạy"#),
    (
        r#"an organization cannot be dissolved before it was founded"#,
        r#"tổ chức không thể giải thể trước khi được thành lập"#,
    ),
    (
        r#"an organization cannot sit under itself"#,
        r#"tổ chức không thể trực thuộc chính nó"#,
    ),
    (
        r#"an organization cannot succeed itself"#,
        r#"tổ chức không thể kế thừa chính nó"#,
    ),
    (
        r#"an organization named "{}" already sits under {}"#,
        r#"đã có tổ chức tên "{0}" trực thuộc {1}"#,
    ),
    (
        r#"another congress of this organization opened the {} term"#,
        r#"một đại hội khác của tổ chức này đã mở đầu nhiệm kỳ {0}"#,
    ),
    (r#"at most 100 IDs at a time"#, r#"mỗi lần tối đa 100 ID"#),
    (r#"at most {MAX_PAGE_SIZE} IDs at a time"#, r#"mỗi lần tối đa {0} ID"#),
    (
        r#"at most {MAX_RESULTS_PER_WRITE} results in one write"#,
        r#"mỗi lần ghi tối đa {0} kết quả"#,
    ),
    (
        r#"before 2018 ratings used the older labels (LEGACY_*)"#,
        r#"trước năm 2018, xếp loại dùng các mức cũ (LEGACY_*)"#,
    ),
    (
        r#"cannot read the query string: {error}"#,
        r#"không đọc được chuỗi truy vấn: {0}"#,
    ),
    (
        r#"closedOn ({closed}) is before openedOn ({opened})"#,
        r#"closedOn ({0}) trước openedOn ({1})"#,
    ),
    (r#"closedOn needs openedOn"#, r#"có closedOn thì phải có openedOn"#),
    (r#"committee"#, r#"ban"#),
    (r#"congress"#, r#"đại hội"#),
    (r#"congress {} is not recorded"#, r#"đại hội {0} chưa được ghi nhận"#),
    (
        r#"congress {} of {} is already recorded"#,
        r#"đại hội {0} của {1} đã được ghi nhận"#,
    ),
    (
        r#"congress {} opened the {} term, not earlier than this one"#,
        r#"đại hội {0} mở đầu nhiệm kỳ {1}, không sớm hơn đại hội này"#,
    ),
    (
        r#"declaredTargetCount cannot be negative"#,
        r#"declaredTargetCount không được âm"#,
    ),
    (
        r#"delegateCount must be at least 1"#,
        r#"delegateCount phải từ 1 trở lên"#,
    ),
    (
        r#"document symbol is empty; {EXPECTED}"#,
        r#"số ký hiệu văn bản bị trống; {0}"#,
    ),
    (
        r#"endYear must not be before startYear"#,
        r#"endYear không được trước startYear"#,
    ),
    (
        r#"endedOn ({}) must be after the start ({started})"#,
        r#"endedOn ({0}) phải sau ngày bắt đầu ({1})"#,
    ),
    (
        r#"every standing committee member, the secretary and the deputies must also be on the executive committee"#,
        r#"mọi ủy viên Ban Thường vụ, Bí thư và các Phó Bí thư cũng phải là ủy viên Ban Chấp hành"#,
    ),
    (
        r#"expected NUMBER-TYPE/ISSUER such as 15-NQ/TW"#,
        r#"cần có dạng SỐ-LOẠI/CƠ QUAN BAN HÀNH, ví dụ 15-NQ/TW"#,
    ),
    (
        r#"expected the ID of a {}, got the ID of a {}"#,
        r#"cần ID của một {0}, nhưng nhận được ID của một {1}"#,
    ),
    (
        r#"extensions.persistedQuery must be {{ "version": 1, "sha256Hash": "<64 hex digits>" }}"#,
        r#"extensions.persistedQuery phải có dạng {{ "version": 1, "sha256Hash": "<64 chữ số hex>" }}"#,
    ),
    (
        r#"first may be at most {MAX_PAGE_SIZE}; page through longer lists with after"#,
        r#"first tối đa là {0}; với danh sách dài hơn, hãy phân trang bằng after"#,
    ),
    (r#"first must not be negative"#, r#"first không được âm"#),
    (
        r#"give achieved, reportedPercent or reportedStatus"#,
        r#"hãy cho achieved, reportedPercent hoặc reportedStatus"#,
    ),
    (r#"give at least one result"#, r#"hãy cho ít nhất một kết quả"#),
    (r#"give at least one target"#, r#"hãy cho ít nhất một chỉ tiêu"#),
    (
        r#"give either personId or fullName, not both or neither"#,
        r#"hãy cho personId hoặc fullName, chỉ một trong hai"#,
    ),
    (
        r#"give partyMembers, cells or both"#,
        r#"hãy cho partyMembers, cells hoặc cả hai"#,
    ),
    (
        r#"give planned or outOf, not both"#,
        r#"hãy cho planned hoặc outOf, không cho cả hai"#,
    ),
    (
        r#"idempotency key "{}" was already used with a different input; use a new key for a new write"#,
        r#"khóa idempotency "{0}" đã được dùng với dữ liệu khác; hãy dùng khóa mới cho lần ghi mới"#,
    ),
    (
        r#"idempotencyKey may be at most 200 characters, without control characters"#,
        r#"idempotencyKey tối đa 200 ký tự và không chứa ký tự điều khiển"#,
    ),
    (r#"internal error"#, r#"lỗi nội bộ"#),
    (
        r#"internal error (reference {reference})"#,
        r#"lỗi nội bộ (mã tham chiếu {0})"#,
    ),
    (
        r#"issuedYear differs from the year of issuedOn"#,
        r#"issuedYear khác với năm của issuedOn"#,
    ),
    (
        r#"it must start with the document number"#,
        r#"phải bắt đầu bằng số văn bản"#,
    ),
    (
        r#"malformed document symbol: {message}"#,
        r#"số ký hiệu văn bản sai dạng: {0}"#,
    ),
    (r#"membership"#, r#"chức vụ"#),
    (
        r#"minValue {min} is above maxValue {max}"#,
        r#"minValue {0} lớn hơn maxValue {1}"#,
    ),
    (
        r#"mutations must be sent with POST"#,
        r#"mutation phải được gửi bằng POST"#,
    ),
    (r#"name must contain letters"#, r#"tên phải có chữ cái"#),
    (
        r#"no known document has the hash {hash}; this server runs only its list of known documents"#,
        r#"không có văn bản truy vấn đã biết nào có mã băm {0}; máy chủ này chỉ chạy danh sách truy vấn đã biết của mình"#,
    ),
    (r#"no organization has this ID"#, r#"không có tổ chức nào có ID này"#),
    (r#"no person has this ID"#, r#"không có người nào có ID này"#),
    (r#"no target has this ID"#, r#"không có chỉ tiêu nào có ID này"#),
    (r#"not a valid ID"#, r#"không phải là ID hợp lệ"#),
    (
        r#"only an admin token can read the audit trail"#,
        r#"chỉ token quản trị (ADMIN) mới được đọc nhật ký thay đổi"#,
    ),
    (
        r#"only an editor token is bound to an organization"#,
        r#"chỉ token biên tập (EDITOR) mới gắn với một tổ chức"#,
    ),
    (r#"ordinal must be between 1 and 200"#, r#"ordinal phải từ 1 đến 200"#),
    (r#"organization"#, r#"tổ chức"#),
    (
        r#"pass the GraphQL document as ?query=..."#,
        r#"hãy truyền văn bản GraphQL dưới dạng ?query=..."#,
    ),
    (
        r#"removed "{honorific}" from the name: names are stored without honorifics"#,
        r#"đã bỏ "{0}" khỏi tên: tên được lưu không kèm danh xưng"#,
    ),
    (r#"search may be at most 200 characters"#, r#"search tối đa 200 ký tự"#),
    (
        r#"seatCount must be between 1 and 500"#,
        r#"seatCount phải từ 1 đến 500"#,
    ),
    (
        r#"send the request as Content-Type: application/json"#,
        r#"hãy gửi yêu cầu với Content-Type: application/json"#,
    ),
    (
        r#"send the token as Authorization: Bearer <token>"#,
        r#"hãy gửi token dưới dạng Authorization: Bearer <token>"#,
    ),
    (
        r#"subscriptions run over WebSocket at /graphql/ws (graphql-transport-ws)"#,
        r#"đăng ký theo dõi (subscription) chạy qua WebSocket tại /graphql/ws (graphql-transport-ws)"#,
    ),
    (r#"symbol must not be empty"#, r#"symbol không được để trống"#),
    (
        r#"targets nest at most 3 levels deep"#,
        r#"chỉ tiêu lồng nhau tối đa 3 cấp"#,
    ),
    (
        r#"termYear must be between 1930 and 2200"#,
        r#"termYear phải từ 1930 đến 2200"#,
    ),
    (
        r#"the body is not a GraphQL request in JSON: {error}"#,
        r#"nội dung không phải là một yêu cầu GraphQL dạng JSON: {0}"#,
    ),
    (
        r#"the committee already has a {:?} on {on}; end that membership first"#,
        r#"ban đã có {0} vào ngày {1}; hãy kết thúc chức vụ đó trước"#,
    ),
    (
        r#"the document's SHA-256 hash is {actual}, not the sha256Hash {hash} sent in extensions.persistedQuery"#,
        r#"mã băm SHA-256 của văn bản truy vấn là {0}, không phải sha256Hash {1} gửi trong extensions.persistedQuery"#,
    ),
    (r#"the input is invalid"#, r#"dữ liệu nhập không hợp lệ"#),
    (r#"the input is invalid: {}"#, r#"dữ liệu nhập không hợp lệ: {0}"#),
    (
        r#"the input is invalid: {} (and {} more issues)"#,
        r#"dữ liệu nhập không hợp lệ: {0} (và {1} vấn đề khác)"#,
    ),
    (
        r#"the issuer {issuer} is longer than {MAX_ISSUER_LETTERS} letters"#,
        r#"cơ quan ban hành {0} dài hơn {1} chữ cái"#,
    ),
    (
        r#"the name is empty once honorifics such as "đồng chí" are removed"#,
        r#"tên bị trống sau khi bỏ các danh xưng như "đồng chí""#,
    ),
    (r#"the name is longer than 200 characters"#, r#"tên dài hơn 200 ký tự"#),
    (
        r#"the name must contain a letter and no digits or control characters"#,
        r#"tên phải có chữ cái và không có chữ số hay ký tự điều khiển"#,
    ),
    (r#"the number must be at least 1"#, r#"số văn bản phải từ 1 trở lên"#),
    (
        r#"the number {digits} is longer than {MAX_NUMBER_DIGITS} digits"#,
        r#"số {0} dài hơn {1} chữ số"#,
    ),
    (
        r#"the pre-2018 labels were replaced by the four current levels in 2018"#,
        r#"các mức xếp loại trước năm 2018 đã được thay bằng bốn mức hiện hành từ năm 2018"#,
    ),
    (
        r#"the query expands to more than {MAX_EXPANDED_FIELDS} fields once its fragments are spread"#,
        r#"truy vấn có hơn {0} trường khi triển khai các fragment"#,
    ),
    (
        r#"the query has {} aliases; at most {} are allowed"#,
        r#"truy vấn có {0} bí danh (alias); chỉ cho phép tối đa {1}"#,
    ),
    (
        r#"the query has {} directives; at most {} are allowed"#,
        r#"truy vấn có {0} chỉ thị (directive); chỉ cho phép tối đa {1}"#,
    ),
    (
        r#"the query is nested deeper than {} levels"#,
        r#"truy vấn lồng sâu hơn {0} cấp"#,
    ),
    (
        r#"the query is too complex (the limit is {}): ask for smaller pages or fewer nested lists"#,
        r#"truy vấn quá phức tạp (giới hạn là {0}): hãy yêu cầu trang nhỏ hơn hoặc ít danh sách lồng nhau hơn"#,
    ),
    (
        r#"the query nests selections and fragments deeper than {MAX_NESTING} levels"#,
        r#"truy vấn lồng các lựa chọn và fragment sâu hơn {0} cấp"#,
    ),
    (
        r#"the request took longer than the server allows ({} s); ask for less at a time"#,
        r#"yêu cầu chạy lâu hơn mức máy chủ cho phép ({0} giây); hãy yêu cầu ít hơn mỗi lần"#,
    ),
    (
        r#"the request took longer than the server allows; ask for less at a time"#,
        r#"yêu cầu chạy lâu hơn mức máy chủ cho phép; hãy yêu cầu ít hơn mỗi lần"#,
    ),
    (
        r#"the resolution declares {declared} targets and lists {listed}"#,
        r#"nghị quyết nêu {0} chỉ tiêu nhưng liệt kê {1}"#,
    ),
    (
        r#"the same idempotency key is being used by another request right now; retry"#,
        r#"khóa idempotency này đang được một yêu cầu khác sử dụng; hãy thử lại"#,
    ),
    (
        r#"the same person is listed twice on this committee"#,
        r#"cùng một người được liệt kê hai lần trong ban này"#,
    ),
    (
        r#"the server is starting: its database is not ready yet; retry shortly"#,
        r#"máy chủ đang khởi động: cơ sở dữ liệu chưa sẵn sàng; hãy thử lại sau giây lát"#,
    ),
    (
        r#"the source reports {}% but {} of {} is {}%"#,
        r#"nguồn ghi {0}% nhưng {1} trên {2} là {3}%"#,
    ),
    (
        r#"the target covers {}-{}; a result for {} is outside it"#,
        r#"chỉ tiêu áp dụng cho {0}-{1}; kết quả năm {2} nằm ngoài khoảng đó"#,
    ),
    (
        r#"the term must end after it starts ({start}-{end})"#,
        r#"nhiệm kỳ phải kết thúc sau khi bắt đầu ({0}-{1})"#,
    ),
    (r#"the token is malformed"#, r#"token sai dạng"#),
    (
        r#"the type code must contain only letters"#,
        r#"mã loại văn bản chỉ được gồm chữ cái"#,
    ),
    (
        r#"the type code {type_written} is longer than {MAX_TYPE_LETTERS} letters"#,
        r#"mã loại {0} dài hơn {1} chữ cái"#,
    ),
    (
        r#"the {:?} committee can have only one {:?} at a time"#,
        r#"{0} chỉ có thể có một {1} tại một thời điểm"#,
    ),
    (
        r#"this committee's congress was retracted"#,
        r#"đại hội của ban này đã bị thu hồi"#,
    ),
    (
        r#"this congress was already retracted on {}"#,
        r#"đại hội này đã bị thu hồi vào {0}"#,
    ),
    (
        r#"this editor token may not move or dissolve its own organization: its superior decides where it stands"#,
        r#"token biên tập này không được chuyển hoặc giải thể chính tổ chức của mình: cấp trên quyết định vị trí của tổ chức"#,
    ),
    (
        r#"this editor token may write only inside its own organization's subtree"#,
        r#"token biên tập này chỉ được ghi trong phạm vi tổ chức của mình và các tổ chức trực thuộc"#,
    ),
    (
        r#"this editor token may write only inside its own organization's subtree, and on {on} this organization was not in it"#,
        r#"token biên tập này chỉ được ghi trong phạm vi tổ chức của mình và các tổ chức trực thuộc, mà vào ngày {0} tổ chức này không thuộc phạm vi đó"#,
    ),
    (
        r#"this membership already ended on {ended}; history is not rewritten"#,
        r#"chức vụ này đã kết thúc vào ngày {0}; lịch sử không được viết lại"#,
    ),
    (
        r#"this person already holds a position on the committee"#,
        r#"người này đã giữ một chức vụ trong ban"#,
    ),
    (
        r#"this server does not run batches: send one operation per request"#,
        r#"máy chủ này không chạy theo lô: mỗi yêu cầu hãy gửi một thao tác"#,
    ),
    (
        r#"this server requires a token for reads too: send Authorization: Bearer <token>"#,
        r#"máy chủ này yêu cầu token cả khi đọc: hãy gửi Authorization: Bearer <token>"#,
    ),
    (
        r#"this server requires a token: send {{ "Authorization": "Bearer <token>" }} in connection_init"#,
        r#"máy chủ này yêu cầu token: hãy gửi {{ "Authorization": "Bearer <token>" }} trong connection_init"#,
    ),
    (
        r#"this server runs only its list of known documents; this document is not on it"#,
        r#"máy chủ này chỉ chạy danh sách truy vấn đã biết của mình; truy vấn này không có trong danh sách"#,
    ),
    (
        r#"url must be an http:// or https:// address"#,
        r#"url phải là địa chỉ http:// hoặc https://"#,
    ),
    (
        r#"writes need a token: send Authorization: Bearer <token> (create one with `congress-api token create`)"#,
        r#"thao tác ghi cần token: hãy gửi Authorization: Bearer <token> (tạo token bằng `congress-api token create`)"#,
    ),
    (r#"yearFrom must not be after year"#, r#"yearFrom không được sau year"#),
    (r#"{:?} committee is listed twice"#, r#"ban {0} được liệt kê hai lần"#),
    (
        r#"{:?} is not a position on a {:?} committee"#,
        r#"{0} không phải là chức vụ của ban {1}"#,
    ),
    (r#"{field} cannot be negative"#, r#"{0} không được âm"#),
    (
        r#"{members} members cannot fill {cells} cells of at least 3 members each"#,
        r#"{0} đảng viên không thể đủ cho {1} chi bộ, mỗi chi bộ ít nhất 3 đảng viên"#,
    ),
    (
        r#"{on} is outside the {}-{} term of this committee"#,
        r#"{0} nằm ngoài nhiệm kỳ {1}-{2} của ban này"#,
    ),
    (
        r#"{path} ({date}) is before 1930, when the Party was founded"#,
        r#"{0} ({1}) trước năm 1930, năm thành lập Đảng"#,
    ),
    (
        r#"{path} ({date}) is in the future; record events once they happen"#,
        r#"{0} ({1}) ở tương lai; chỉ ghi sự kiện khi đã diễn ra"#,
    ),
    (
        r#"{path} ({year}) must be between 1930 and 2100"#,
        r#"{0} ({1}) phải từ 1930 đến 2100"#,
    ),
    (r#"{path} cannot be negative"#, r#"{0} không được âm"#),
    (
        r#"{path} may be at most {max_chars} characters"#,
        r#"{0} tối đa {1} ký tự"#,
    ),
    (
        r#"{path} must contain letters or digits"#,
        r#"{0} phải có chữ cái hoặc chữ số"#,
    ),
    (r#"{path} must not be empty"#, r#"{0} không được để trống"#),
    (
        r#"{path} must not contain bidirectional formatting characters: they make text display as something else"#,
        r#"{0} không được chứa ký tự định dạng hai chiều: chúng làm văn bản hiển thị thành nội dung khác"#,
    ),
    (
        r#"{started} is outside the {}-{} term"#,
        r#"{0} nằm ngoài nhiệm kỳ {1}-{2}"#,
    ),
    (
        r#"{text_argument} may be at most {MAX_SEARCH_CHARS} characters"#,
        r#"{0} tối đa {1} ký tự"#,
    ),
    (r#"{what} not found"#, r#"không tìm thấy {0}"#),
    (r#"{what}; {EXPECTED}"#, r#"{0}; {1}"#),
    (r#"{} already succeeds {}"#, r#"{0} đã kế thừa {1}"#),
    (
        r#"{} did not exist on {on}"#,
        r#"{0} chưa tồn tại hoặc đã không còn vào ngày {1}"#,
    ),
    (
        r#"{} did not exist on {opened}"#,
        r#"{0} chưa tồn tại hoặc đã không còn vào ngày {1}"#,
    ),
    (
        r#"{} did not exist on {}"#,
        r#"{0} chưa tồn tại hoặc đã không còn vào ngày {1}"#,
    ),
    (
        r#"{} for {} contradicts {} given by {whose}; both figures are kept"#,
        r#"{0} của năm {1} mâu thuẫn với {2} do {3} đưa ra; cả hai số liệu đều được giữ"#,
    ),
    (r#"{} is after the {}-{} term"#, r#"{0} sau nhiệm kỳ {1}-{2}"#),
    (r#"{} is outside the {}-{} term"#, r#"{0} nằm ngoài nhiệm kỳ {1}-{2}"#),
    (
        r#"{} members listed for {seats} seats"#,
        r#"liệt kê {0} thành viên cho {1} ghế"#,
    ),
    (
        r#"{} out of a whole of {}: more than the whole (e.g. more recognised than registered)"#,
        r#"{0} trên tổng số {1}: nhiều hơn tổng số (ví dụ số được công nhận nhiều hơn số đăng ký)"#,
    ),
    (
        r#"{} person(s) named "{}" are already on record; pass personId instead of fullName if this is one of them"#,
        r#"đã có {0} người tên "{1}" trong hồ sơ; nếu là một trong số đó, hãy truyền personId thay cho fullName"#,
    ),
    (r#"{} sits below {} on that date"#, r#"vào ngày đó {0} trực thuộc {1}"#),
    (
        r#"{} was already dissolved on {dissolved}"#,
        r#"{0} đã giải thể vào ngày {1}"#,
    ),
    (
        r#"this origin may not open a WebSocket here (see CORS_ALLOWED_ORIGINS)"#,
        r#"trang từ nguồn (origin) này không được mở WebSocket tại đây (xem CORS_ALLOWED_ORIGINS)"#,
    ),
    (
        r#"too many open connections; retry shortly"#,
        r#"có quá nhiều kết nối đang mở; hãy thử lại sau giây lát"#,
    ),
];
